package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.OpenApiCheck;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20 item 5: an operator lists the named consumers with their cursors, members and lag, and deletes one. */
class ConsumersAdminTest {
  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldListTheConsumersWithTheirLagShowItInMetricsAndDeleteOne() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.consumers.lagInterval", "50ms"));
    OpenApiCheck api = OpenApiCheck.of(fixture.hub);
    try (WsClient ws = fixture.connect()) {
      ws.subscribe(new JsonObject().put("consumer", "billing").put("categories", new JsonArray().add("orders")));
      List<HubEvent> events = fixture.publish("orders", "created", 3);
      ws.events(3);
      ws.request(new JsonObject().put("type", "ack").put("subscription", "sub-1").put("cursor", events.get(0).cursor()),
          "acked");

      HttpResponse<Buffer> list = api.send(HttpMethod.GET, "/api/consumers", fixture.hub.adminToken(), null);
      assertThat(list.statusCode()).isEqualTo(200);
      JsonArray all = list.bodyAsJsonObject().getJsonArray("consumers");
      assertThat(all).hasSize(1);
      JsonObject c = all.getJsonObject(0);
      assertThat(c.getString("name")).isEqualTo("billing");
      assertThat(c.getString("subject")).isEqualTo("test");
      assertThat(c.getString("cursor")).isEqualTo(events.get(0).cursor());
      assertThat(c.getJsonObject("lag").getLong("events")).isEqualTo(2);
      assertThat(c.getJsonObject("lag").getBoolean("atLeast")).isFalse();
      JsonObject member = c.getJsonArray("members").getJsonObject(0);
      assertThat(member.getString("subscription")).isEqualTo("sub-1");
      assertThat(member.getInteger("inFlight")).isEqualTo(2);
      // Operators only.
      assertThat(fixture.hub.get("/api/consumers", fixture.hub.token("subscribe:*")).statusCode()).isEqualTo(403);

      Eventually.until(() -> metrics().contains("hub_consumer_lag_events{consumer=\"test/billing\"} 2.0"),
          "the lag series in /metrics");
      assertThat(metrics()).contains("hub_consumer_lag_seconds{consumer=\"test/billing\"}");

      HttpResponse<Buffer> deleted = api.send(HttpMethod.DELETE, "/api/consumers/billing", fixture.hub.adminToken(),
          null);
      assertThat(deleted.statusCode()).isEqualTo(204);
      JsonObject ended = ws.next("error");
      assertThat(ended.getString("code")).isEqualTo("not_found");
      assertThat(ended.getString("message")).contains("deleted by an operator");
      assertThat(fixture.hub.get("/api/consumers", fixture.hub.adminToken()).bodyAsJsonObject()
          .getJsonArray("consumers")).isEmpty();
      assertThat(api.send(HttpMethod.DELETE, "/api/consumers/billing", fixture.hub.adminToken(), null).statusCode())
          .isEqualTo(404);
      assertThat(api.send(HttpMethod.DELETE, "/api/consumers/bad%20name", fixture.hub.adminToken(), null).statusCode())
          .isEqualTo(400);
      Eventually.until(() -> !metrics().contains("test/billing"), "the deleted consumer's series to go");
    }
  }

  private String metrics() {
    return fixture.hub.get("/metrics", fixture.hub.adminToken()).bodyAsString();
  }
}
