package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: an operator lists the open WebSocket connections and closes one, at the sink's routes and the hub's. */
class ConnectionsAdminTest {
  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldListTheOpenConnectionsWithTheirSubscriptionsAndCloseOneWith4009() {
    fixture = Fixture.start(dir);
    OpenApiCheck api = OpenApiCheck.of(fixture.hub);
    try (WsClient ws = fixture.connect("subscribe:orders")) {
      ws.subscribe(new JsonObject().put("categories", new JsonArray().add("orders")).put("keys", new JsonArray().add("o-1"))
          .put("overflow", "latest-per-key"));

      for (String path : new String[] {"/api/websocket/connections", "/api/connections"}) {
        HttpResponse<Buffer> list = api.send(HttpMethod.GET, path, fixture.hub.adminToken(), null);
        assertThat(list.statusCode()).as(path).isEqualTo(200);
        JsonArray all = list.bodyAsJsonObject().getJsonArray("connections");
        assertThat(all).hasSize(1);
        JsonObject c = all.getJsonObject(0);
        assertThat(c.getString("id")).startsWith("ws-");
        assertThat(c.getString("transport")).isEqualTo("websocket");
        assertThat(c.getString("subject")).isNotBlank();
        assertThat(c.getString("remoteAddress")).contains("127.0.0.1");
        assertThat(c.getString("since")).isNotBlank();
        assertThat(c.getLong("queuedEvents")).isZero();
        JsonObject sub = c.getJsonArray("subscriptions").getJsonObject(0);
        assertThat(sub.getString("id")).isEqualTo("sub-1");
        assertThat(sub.getJsonArray("categories")).containsExactly("orders");
        assertThat(sub.getJsonArray("keys")).containsExactly("o-1");
        assertThat(sub.getString("overflow")).isEqualTo("latest-per-key");
        // Operators only.
        assertThat(fixture.hub.get(path, fixture.hub.token("subscribe:*")).statusCode()).isEqualTo(403);
      }

      String id = fixture.hub.get("/api/connections", fixture.hub.adminToken()).bodyAsJsonObject()
          .getJsonArray("connections").getJsonObject(0).getString("id");
      HttpResponse<Buffer> closed = api.send(HttpMethod.DELETE, "/api/connections/" + id, fixture.hub.adminToken(), null);
      assertThat(closed.statusCode()).isEqualTo(204);
      assertThat(ws.awaitClose()).isEqualTo((short) 4009);
      assertThat(ws.ws.closeReason()).isEqualTo("closed by operator");

      assertThat(api.send(HttpMethod.DELETE, "/api/websocket/connections/" + id, fixture.hub.adminToken(), null)
          .statusCode()).isEqualTo(404);
      assertThat(api.send(HttpMethod.DELETE, "/api/connections/" + id, fixture.hub.adminToken(), null).statusCode())
          .isEqualTo(404);
    }
  }
}
