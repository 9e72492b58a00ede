package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.sse.SseClient.Message;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20: an operator lists the open SSE streams and ends one, at the sink's routes and the hub's. (The
 * answers' schema is checked against the OpenAPI document by the WebSocket sink's ConnectionsAdminTest: the
 * OpenAPI checker cannot load a document that has the text/event-stream route.)
 */
class SseConnectionsAdminTest {
  @TempDir Path dir;
  TestHub hub;
  SseClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void shouldListTheOpenStreamsAndEndOneWithClosedByOperator() throws Exception {
    hub = TestHub.start(dir);
    client = SseClient.open(hub.port(), "/sse?categories=orders&keys=o-1&overflow=drop-oldest",
        Map.of("Authorization", "Bearer " + hub.token("subscribe:orders")));
    assertThat(client.status).isEqualTo(200);
    client.awaitLive();

    for (String path : new String[] {"/api/sse/connections", "/api/connections"}) {
      HttpResponse<Buffer> list = hub.send(HttpMethod.GET, path, hub.adminToken(), null);
      assertThat(list.statusCode()).as(path).isEqualTo(200);
      JsonArray all = list.bodyAsJsonObject().getJsonArray("connections");
      assertThat(all).hasSize(1);
      JsonObject c = all.getJsonObject(0);
      assertThat(c.getString("id")).startsWith("sse-");
      assertThat(c.getString("transport")).isEqualTo("sse");
      assertThat(c.getString("remoteAddress")).contains("127.0.0.1");
      JsonObject sub = c.getJsonArray("subscriptions").getJsonObject(0);
      assertThat(sub.getJsonArray("categories")).containsExactly("orders");
      assertThat(sub.getJsonArray("keys")).containsExactly("o-1");
      assertThat(sub.getString("overflow")).isEqualTo("drop-oldest");
      assertThat(hub.get(path, hub.token("subscribe:*")).statusCode()).isEqualTo(403);
    }

    String id = hub.get("/api/connections", hub.adminToken()).bodyAsJsonObject().getJsonArray("connections")
        .getJsonObject(0).getString("id");
    assertThat(hub.send(HttpMethod.DELETE, "/api/sse/connections/" + id, hub.adminToken(), null).statusCode())
        .isEqualTo(204);
    client.read();
    Message m;
    do {
      m = client.nextMessage();
    } while (m != SseClient.END && !"error".equals(m.event()));
    assertThat(m.event()).isEqualTo("error");
    assertThat(new JsonObject(m.data()).getString("code")).isEqualTo("closed_by_operator");
    assertThat(client.nextMessage()).isSameAs(SseClient.END);
    assertThat(hub.send(HttpMethod.DELETE, "/api/connections/" + id, hub.adminToken(), null).statusCode())
        .isEqualTo(404);
  }
}
