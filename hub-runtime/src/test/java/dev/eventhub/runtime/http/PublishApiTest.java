package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublishApiTest {
  @TempDir Path dir;
  TestHub hub;
  String token;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
    token = hub.adminToken();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldRecordThenDeliverOnTheCategoryAddress() {
    Promise<HubEvent> delivered = Promise.promise();
    hub.hub().interest().want("scheduler");
    hub.vertx().eventBus().<HubEvent>consumer("hub.events.scheduler", m -> delivered.tryComplete(m.body()));

    JsonObject answer = hub.publish("scheduler", "schedule-executed", "nightly", new JsonObject().put("n", 1));

    HubEvent event = TestHub.await(delivered.future());
    assertThat(event.id()).isEqualTo(answer.getString("id"));
    assertThat(event.cursor()).isEqualTo(answer.getString("cursor")).hasSize(16);
    assertThat(event.data().getInteger("n")).isEqualTo(1);
    assertThat(event.timestampText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
  }

  @Test
  void shouldAnswerARepeatedIdWithTheFirstRecord() {
    JsonObject body = new JsonObject().put("id", "order-17").put("category", "orders").put("event", "placed");
    HttpResponse<Buffer> first = hub.post("/api/events", token, body);
    HttpResponse<Buffer> again = hub.post("/api/events", token, body.copy().put("data", new JsonObject().put("x", 2)));

    assertThat(first.statusCode()).isEqualTo(201);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject()).isEqualTo(first.bodyAsJsonObject());
    JsonArray events = history("/api/events?categories=orders").getJsonArray("events");
    assertThat(events).hasSize(1);
  }

  @Test
  void shouldRecordABatchInOrderAndPageThroughHistory() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 5; i++) {
      batch.add(new JsonObject().put("category", "jobs").put("event", "step-done").put("key", "k" + (i % 2))
          .put("data", new JsonObject().put("i", i)));
    }
    HttpResponse<Buffer> r = hub.post("/api/events", token, batch);
    assertThat(r.statusCode()).isEqualTo(201);
    List<String> cursors = r.bodyAsJsonObject().getJsonArray("events").stream()
        .map(o -> ((JsonObject) o).getString("cursor")).toList();
    assertThat(cursors).isSorted().hasSize(5);

    JsonObject page1 = history("/api/events?categories=jobs&limit=2");
    assertThat(page1.getJsonArray("events")).hasSize(2);
    assertThat(page1.getBoolean("more")).isTrue();
    JsonObject page2 = history("/api/events?categories=jobs&limit=10&since=" + page1.getString("next"));
    assertThat(page2.getJsonArray("events")).hasSize(3);
    assertThat(page2.getBoolean("more")).isFalse();
    assertThat(page2.getJsonArray("events").getJsonObject(0).getJsonObject("data").getInteger("i")).isEqualTo(2);

    JsonObject byKey = history("/api/events?categories=jobs&keys=k1");
    assertThat(byKey.getJsonArray("events")).hasSize(2);
    JsonObject empty = history("/api/events?categories=jobs&since=" + page2.getString("next"));
    assertThat(empty.getJsonArray("events")).isEmpty();
    assertThat(empty.getString("next")).isEqualTo(page2.getString("next"));
  }

  private JsonObject history(String path) {
    HttpResponse<Buffer> r = hub.get(path, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }
}
