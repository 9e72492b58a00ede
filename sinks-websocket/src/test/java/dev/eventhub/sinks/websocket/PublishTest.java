package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 24 item 6: publishing over the WebSocket with the scopes, ids, limits and idempotency of {@code POST
 * /api/events}, answered once durable.
 */
class PublishTest {
  private static final int MAX_BATCH = 5;
  private static final int MAX_IN_FLIGHT = 2;
  @TempDir static Path dir;
  static Fixture fixture;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir, c -> c.with("publish.maxBatchSize", MAX_BATCH)
        .with("plugins.websocket.maxMessagesPerSecond", 100_000)
        .with("plugins.websocket.maxPublishesInFlight", MAX_IN_FLIGHT));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldAnswerOnceDurableWithTheCursorInHistoryAndDeliverToAnotherConnection() {
    try (WsClient subscriber = fixture.connect("subscribe:pub-trip"); WsClient publisher = fixture.connect("publish:pub-trip")) {
      subscriber.subscribe(new JsonObject().put("categories", new JsonArray().add("pub-trip")));
      JsonObject published = publisher.request(publish("r1", event("pub-trip", "thing-done", "k1").put("id", "e-1")
          .put("data", new JsonObject().put("n", 1)), event("pub-trip", "thing-done", null)), "published");

      assertThat(published.getString("id")).isEqualTo("r1");
      JsonArray results = published.getJsonArray("results");
      assertThat(results).hasSize(2);
      assertThat(results.getJsonObject(0).getString("id")).isEqualTo("e-1");
      String first = results.getJsonObject(0).getString("cursor");
      String second = results.getJsonObject(1).getString("cursor");
      assertThat(first).isNotNull();
      assertThat(second).isGreaterThan(first);
      JsonArray history = history("pub-trip");
      assertThat(history).hasSize(2);
      assertThat(history.getJsonObject(0).getString("cursor")).isEqualTo(first);
      assertThat(history.getJsonObject(0).getJsonObject("data")).isEqualTo(new JsonObject().put("n", 1));
      assertThat(history.getJsonObject(1).getString("id")).isEqualTo(results.getJsonObject(1).getString("id"));

      List<JsonObject> delivered = subscriber.events(2);
      assertThat(delivered.get(0).getString("cursor")).isEqualTo(first);
      assertThat(delivered.get(1).getString("cursor")).isEqualTo(second);
    }
  }

  @Test
  void shouldEchoANumberIdAndAnswerWithoutIdWhenNoneWasGiven() {
    try (WsClient c = fixture.connect("publish:pub-ids")) {
      assertThat(c.request(publish(7, event("pub-ids", "thing-done", null)), "published").getValue("id")).isEqualTo(7);
      JsonObject noId = c.request(new JsonObject().put("type", "publish")
          .put("events", new JsonArray().add(event("pub-ids", "thing-done", null))), "published");
      assertThat(noId.containsKey("id")).isFalse();
    }
  }

  @Test
  void shouldRecordAnIdOnceAndAnswerARepeatWithTheFirstCursor() {
    try (WsClient c = fixture.connect("publish:pub-dup")) {
      JsonObject draft = event("pub-dup", "thing-done", "k").put("id", "dup-1");
      String cursor = c.request(publish("a", draft), "published").getJsonArray("results").getJsonObject(0)
          .getString("cursor");
      JsonObject again = c.request(publish("b", draft), "published");
      assertThat(again.getString("id")).isEqualTo("b");
      assertThat(again.getJsonArray("results").getJsonObject(0).getString("cursor")).isEqualTo(cursor);
      // And the same id over HTTP is the same event.
      HttpResponse<Buffer> http = fixture.hub.post("/api/events", fixture.hub.token("publish:pub-dup"), draft);
      assertThat(http.statusCode()).isEqualTo(200);
      assertThat(http.bodyAsJsonObject().getString("cursor")).isEqualTo(cursor);
    }
    assertThat(history("pub-dup")).hasSize(1);
  }

  @Test
  void shouldRefuseWithoutThePublishScopeAndRecordNothing() {
    try (WsClient reader = fixture.connect("subscribe:*"); WsClient other = fixture.connect("publish:pub-other")) {
      JsonObject error = reader.request(publish("no-scope", event("pub-scope", "thing-done", null)), "error");
      assertThat(error.getString("id")).isEqualTo("no-scope");
      assertThat(error.getString("code")).isEqualTo("forbidden");
      assertThat(error.getString("message")).contains("publish:pub-scope");

      // One event of the batch out of the token's scope: none is recorded.
      JsonObject mixed = other.request(publish("mixed", event("pub-other", "thing-done", null),
          event("pub-scope", "thing-done", null)), "error");
      assertThat(mixed.getString("id")).isEqualTo("mixed");
      assertThat(mixed.getString("code")).isEqualTo("forbidden");
      // The same refusal as over HTTP.
      HttpResponse<Buffer> http = fixture.hub.post("/api/events", fixture.hub.token("publish:pub-other"),
          new JsonArray().add(event("pub-other", "thing-done", null)).add(event("pub-scope", "thing-done", null)));
      assertThat(http.statusCode()).isEqualTo(403);
      assertThat(http.bodyAsJsonObject().getString("message")).isEqualTo(mixed.getString("message"));
    }
    assertThat(history("pub-scope")).isEmpty();
    assertThat(history("pub-other")).isEmpty();
  }

  @Test
  void shouldRefuseABatchOverTheLimitWithTheCodeAndMessageOfHttp() {
    JsonArray events = new JsonArray();
    for (int i = 0; i <= MAX_BATCH; i++) {
      events.add(event("pub-limit", "thing-done", null));
    }
    try (WsClient c = fixture.connect("publish:pub-limit")) {
      JsonObject error = c.request(new JsonObject().put("type", "publish").put("id", "big").put("events", events), "error");
      assertThat(error.getString("id")).isEqualTo("big");
      assertThat(error.getString("code")).isEqualTo("too_large");
      HttpResponse<Buffer> http = fixture.hub.post("/api/events", fixture.hub.token("publish:pub-limit"), events);
      assertThat(http.statusCode()).isEqualTo(413);
      assertThat(http.bodyAsJsonObject().getString("error")).isEqualTo("too_large");
      assertThat(http.bodyAsJsonObject().getString("message")).isEqualTo(error.getString("message"));
      c.assertNothingPending();
    }
    assertThat(history("pub-limit")).isEmpty();
  }

  @Test
  void shouldCloseWith1009OnAFrameOverTheMessageLimit() {
    try (WsClient c = fixture.connect("publish:pub-huge")) {
      String big = "x".repeat(WebSocketSinkOptions.DEFAULT_MAX_FRAME_SIZE);
      c.ws.writeTextMessage(publish("huge", event("pub-huge", "thing-done", null)
          .put("data", new JsonObject().put("big", big))).encode());
      assertThat(c.awaitClose()).isEqualTo((short) 1009);
    }
    assertThat(history("pub-huge")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"type\":\"publish\",\"id\":\"m\"}|field 'events' is required",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":{}}|field 'events' must be an array",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[]}|field 'events' must hold at least one event",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[3]}|field 'events': event 0 must be a JSON object",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"event\":\"e\"}]}|field 'category' is required",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\"}]}|field 'event' is required",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"Pub\",\"event\":\"e\"}]}|field 'category' must match",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\",\"event\":\"E!\"}]}|field 'event' must match",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\",\"event\":\"e\",\"key\":1}]}|field 'key' must be a string",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\",\"event\":\"e\",\"key\":\"\"}]}|field 'key' must be 1 to",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\",\"event\":\"e\",\"id\":\"\"}]}|field 'id' must be 1 to",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\",\"event\":\"e\",\"data\":[1]}]}|field 'data' must be a JSON object",
      "{\"type\":\"publish\",\"id\":\"m\",\"events\":[{\"category\":\"pub-bad\",\"event\":\"e\"},{\"category\":\"pub-bad\"}]}|event 1: field 'event' is required"})
  void shouldRefuseAMalformedFrameNamingTheField(String frame, String message) {
    try (WsClient c = fixture.connect("publish:*")) {
      c.send(frame);
      JsonObject error = c.next("error");
      assertThat(error.getString("id")).isEqualTo("m");
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getString("message")).contains(message);
    }
    assertThat(history("pub-bad")).isEmpty();
  }

  @Test
  void shouldRefusePublishesOverTheInFlightLimitNamingItAndAnswerEveryOne() throws InterruptedException {
    int sent = 200;
    Map<String, JsonObject> answers = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(sent);
    try (WsClient c = fixture.connect("publish:pub-flight")) {
      c.listen(frame -> {
        if (answers.put(frame.getString("id"), frame) == null) {
          all.countDown();
        }
      });
      // All in one go: the hub reads them before the log has made the first durable.
      for (int i = 0; i < sent; i++) {
        c.ws.writeTextMessage(publish("f" + i, event("pub-flight", "thing-done", null).put("id", "f" + i)).encode());
      }
      assertThat(all.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }
    Map<String, Integer> byType = new HashMap<>();
    answers.values().forEach(a -> byType.merge(a.getString("type"), 1, Integer::sum));
    assertThat(byType.get("error")).isPositive();
    JsonObject refused = answers.values().stream().filter(a -> a.getString("type").equals("error")).findFirst().get();
    assertThat(refused.getString("code")).isEqualTo("rate_limited");
    assertThat(refused.getString("message")).contains("maxPublishesInFlight (" + MAX_IN_FLIGHT + ")");
    // What was answered published is in the log; what was refused is not.
    JsonArray history = history("pub-flight");
    assertThat(history).hasSize(byType.get("published"));
    history.forEach(e -> assertThat(answers.get(((JsonObject) e).getString("id")).getString("type"))
        .isEqualTo("published"));
  }

  private static JsonArray history(String category) {
    HttpResponse<Buffer> r = fixture.hub.get("/api/events?categories=" + category + "&limit=1000",
        fixture.hub.token("subscribe:*"));
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject().getJsonArray("events");
  }

  static JsonObject publish(Object id, JsonObject... events) {
    JsonArray array = new JsonArray();
    for (JsonObject e : events) {
      array.add(e);
    }
    return new JsonObject().put("type", "publish").put("id", id).put("events", array);
  }

  static JsonObject event(String category, String event, String key) {
    JsonObject json = new JsonObject().put("category", category).put("event", event);
    return key == null ? json : json.put("key", key);
  }
}
