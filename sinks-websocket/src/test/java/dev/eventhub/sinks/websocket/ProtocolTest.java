package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProtocolTest {
  @TempDir static Path dir;
  static Fixture fixture;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldAnswerPingWithPongCarryingTheRequestId() {
    try (WsClient c = fixture.connect()) {
      assertThat(c.request(new JsonObject().put("type", "ping").put("id", "p1"), "pong"))
          .isEqualTo(new JsonObject().put("type", "pong").put("id", "p1"));
      assertThat(c.request(new JsonObject().put("type", "ping").put("id", 42), "pong").getValue("id")).isEqualTo(42);
      assertThat(c.request(new JsonObject().put("type", "ping"), "pong").containsKey("id")).isFalse();
    }
  }

  @Test
  void shouldAnswerSubscribeWithTheSubscriptionCategoriesAndHeadCursorThenDeliverLiveEvents() {
    HubEvent before = fixture.publish("proto-live", "thing-done", "a");
    try (WsClient c = fixture.connect()) {
      JsonObject reply = c.subscribe(new JsonObject().put("id", "s1").put("categories", new JsonArray().add("proto-live")));
      assertThat(reply.getString("id")).isEqualTo("s1");
      assertThat(reply.getString("subscription")).isEqualTo("sub-1");
      assertThat(reply.getJsonArray("categories")).isEqualTo(new JsonArray().add("proto-live"));
      assertThat(reply.getString("cursor")).isGreaterThanOrEqualTo(before.cursor());

      HubEvent live = fixture.publish("proto-live", "thing-done", "b");
      JsonObject frame = c.next("event");
      assertThat(frame.getString("subscription")).isEqualTo("sub-1");
      assertThat(frame.containsKey("replay")).isFalse();
      frame.remove("type");
      frame.remove("subscription");
      assertThat(frame).isEqualTo(new JsonObject(live.encode()));
      assertThat(frame.getString("cursor")).isGreaterThan(reply.getString("cursor"));
    }
  }

  @Test
  void shouldStopDeliveringAfterUnsubscribe() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("proto-unsub")));
      fixture.publish("proto-unsub", "thing-done", "a");
      c.next("event");
      JsonObject reply = c.request(new JsonObject().put("type", "unsubscribe").put("id", "u1")
          .put("subscription", "sub-1"), "unsubscribed");
      assertThat(reply).isEqualTo(new JsonObject().put("type", "unsubscribed").put("id", "u1")
          .put("subscription", "sub-1"));

      fixture.publish("proto-unsub", "thing-done", "b");
      c.assertNothingPending();
      assertThat(fixture.stats().getLong("subscriptionsActive")).isZero();
    }
  }

  @Test
  void shouldAnswerAnUnknownSubscriptionWithUnknownSubscription() {
    try (WsClient c = fixture.connect()) {
      JsonObject error = c.request(new JsonObject().put("type", "unsubscribe").put("id", "u9")
          .put("subscription", "sub-9"), "error");
      assertThat(error.getString("id")).isEqualTo("u9");
      assertThat(error.getString("code")).isEqualTo("unknown_subscription");
      assertThat(error.getString("message")).contains("sub-9");
      c.assertNothingPending();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "not json",
      "[1,2]",
      "\"text\"",
      "{\"id\":\"b\"}",
      "{\"id\":\"b\",\"type\":7}",
      "{\"id\":\"b\",\"type\":\"dance\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[]}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":\"proto\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[7]}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"Not Valid\"]}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"events\":\"x\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"events\":[\"a b\"]}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"keys\":[\"\"]}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"keys\":[1]}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"since\":5}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"since\":\"\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"last\":0}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"last\":1001}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"last\":1.5}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"last\":\"3\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"last\":3,\"since\":\"0000000000000001\"}",
      "{\"id\":\"b\",\"type\":\"subscribe\",\"categories\":[\"proto\"],\"batch\":\"yes\"}",
      "{\"id\":\"b\",\"type\":\"unsubscribe\"}",
      "{\"id\":\"b\",\"type\":\"unsubscribe\",\"subscription\":1}",
      "{\"id\":{\"x\":1},\"type\":\"ping\"}"})
  void shouldAnswerAMalformedRequestWithBadRequestAndStayOpen(String message) {
    try (WsClient c = fixture.connect()) {
      c.send(message);
      JsonObject error = c.next("error");
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getString("message")).isNotBlank();
      boolean idIsUsable = message.contains("\"id\":\"b\"");
      assertThat(error.getValue("id")).isEqualTo(idIsUsable ? "b" : null);
      c.assertNothingPending();
    }
  }

  @Test
  void shouldAnswerABinaryFrameWithBadRequest() {
    try (WsClient c = fixture.connect()) {
      TestHub.await(c.ws.writeBinaryMessage(Buffer.buffer("{\"type\":\"ping\"}")));
      assertThat(c.next("error").getString("code")).isEqualTo("bad_request");
      c.assertNothingPending();
    }
  }

  @Test
  void shouldRefuseACategoryTheTokenDoesNotAllowAndNameIt() {
    try (WsClient c = fixture.connect("subscribe:proto-a", "subscribe:proto-g*")) {
      JsonObject error = c.request(new JsonObject().put("type", "subscribe").put("id", "s1")
          .put("categories", new JsonArray().add("proto-a").add("proto-b")), "error");
      assertThat(error.getString("id")).isEqualTo("s1");
      assertThat(error.getString("code")).isEqualTo("forbidden");
      assertThat(error.getString("message")).isEqualTo("token does not allow subscribe:proto-b");

      JsonObject glob = c.request(new JsonObject().put("type", "subscribe").put("id", "s2")
          .put("categories", new JsonArray().add("proto-*")), "error");
      assertThat(glob.getString("message")).isEqualTo("token does not allow subscribe:proto-*");

      assertThat(c.subscribe(new JsonObject().put("categories", new JsonArray().add("proto-g*").add("proto-a")))
          .getString("subscription")).isEqualTo("sub-1");
      c.assertNothingPending();
    }
  }

  @Test
  void shouldCountConnectionsSubscriptionsAndFrames() {
    JsonObject before = fixture.stats();
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("proto-count")));
      List<HubEvent> events = fixture.publish("proto-count", "thing-done", 3);
      assertThat(c.events(3)).hasSize(events.size());
      JsonObject during = fixture.stats();
      assertThat(during.getLong("connectionsOpen")).isEqualTo(before.getLong("connectionsOpen") + 1);
      assertThat(during.getLong("subscriptionsActive")).isEqualTo(before.getLong("subscriptionsActive") + 1);
      assertThat(during.getLong("framesSent")).isGreaterThanOrEqualTo(before.getLong("framesSent") + 4);
      assertThat(during.getLong("eventsSent")).isEqualTo(before.getLong("eventsSent") + 3);
    }
  }
}
