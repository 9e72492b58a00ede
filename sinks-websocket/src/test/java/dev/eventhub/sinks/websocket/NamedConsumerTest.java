package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 20 item 2: durable named consumers. The hub keeps the consumer's definition and committed cursor in
 * the log's store; a client that comes back with the same name (and no {@code since}) resumes after what it
 * acknowledged.
 */
class NamedConsumerTest {
  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private static JsonObject consumer(String name) {
    return new JsonObject().put("id", "s").put("consumer", name).put("categories", new JsonArray().add("orders"));
  }

  private static JsonObject ack(String subscription, String cursor) {
    return new JsonObject().put("type", "ack").put("id", "a").put("subscription", subscription).put("cursor", cursor);
  }

  @Test
  void shouldResumeAfterTheAcknowledgedCursorWhenTheConsumerComesBackEvenAfterARestart() {
    fixture = Fixture.start(dir);
    List<HubEvent> first;
    try (WsClient c = fixture.connect()) {
      JsonObject subscribed = c.subscribe(consumer("billing"));
      assertThat(subscribed.getString("consumer")).isEqualTo("billing");
      first = fixture.publish("orders", "created", 5);
      List<JsonObject> got = c.events(5);
      assertThat(got).extracting(f -> f.getString("cursor"))
          .containsExactlyElementsOf(first.stream().map(HubEvent::cursor).toList());
      JsonObject acked = c.request(ack("sub-1", first.get(2).cursor()), "acked");
      assertThat(acked.getString("cursor")).isEqualTo(first.get(2).cursor());
      AsyncApiCheck async = AsyncApiCheck.of(fixture.hub);
      async.assertSent("websocket", acked);
      async.assertSent("websocket", subscribed);
      async.assertAccepted("websocket", ack("sub-1", first.get(2).cursor()));
      async.assertAccepted("websocket", consumer("billing").put("type", "subscribe").put("autoAck", true));
    }
    List<HubEvent> later = fixture.publish("orders", "created", 2);
    // The committed cursor outlives the hub: it is in the log's store, not in memory.
    fixture.close();
    fixture = restart();
    try (WsClient c = fixture.connect()) {
      JsonObject subscribed = c.subscribe(consumer("billing"));
      assertThat(subscribed.getString("cursor")).isEqualTo(first.get(2).cursor());
      List<JsonObject> got = c.events(4);
      assertThat(got).extracting(f -> f.getString("cursor")).containsExactly(
          first.get(3).cursor(), first.get(4).cursor(), later.get(0).cursor(), later.get(1).cursor());
      c.assertNothingPending();
    }
  }

  private Fixture restart() {
    return Fixture.start(dir);
  }

  @Test
  void shouldRefuseAnAckThatWouldMoveTheCursorBackwardsOrPastWhatWasDelivered() {
    fixture = Fixture.start(dir);
    try (WsClient c = fixture.connect()) {
      c.subscribe(consumer("audit"));
      List<HubEvent> events = fixture.publish("orders", "created", 3);
      c.events(3);
      c.request(ack("sub-1", events.get(1).cursor()), "acked");

      JsonObject backwards = c.request(ack("sub-1", events.get(0).cursor()), "error");
      assertThat(backwards.getString("code")).isEqualTo("conflict");
      assertThat(backwards.getString("message")).contains("before the committed cursor");

      HubEvent undelivered = fixture.publish("elsewhere", "created", "k");
      JsonObject past = c.request(ack("sub-1", undelivered.cursor()), "error");
      assertThat(past.getString("code")).isEqualTo("conflict");
      assertThat(past.getString("message")).contains("past the last event delivered");

      assertThat(c.request(ack("sub-9", events.get(2).cursor()), "error").getString("code"))
          .isEqualTo("unknown_subscription");
      assertThat(c.request(ack("sub-1", "not a cursor!"), "error").getString("code")).isEqualTo("bad_request");
      // Re-acknowledging the committed cursor is harmless (a client that reconnects may repeat itself).
      assertThat(c.request(ack("sub-1", events.get(1).cursor()), "acked").getString("cursor"))
          .isEqualTo(events.get(1).cursor());

      JsonObject plain = c.subscribe(new JsonObject().put("categories", new JsonArray().add("orders")));
      JsonObject notConsumer = c.request(ack(plain.getString("subscription"), events.get(2).cursor()), "error");
      assertThat(notConsumer.getString("code")).isEqualTo("bad_request");
      assertThat(notConsumer.getString("message")).contains("not a named consumer");
      AsyncApiCheck.of(fixture.hub).assertSent("websocket", notConsumer);
    }
  }

  @Test
  void shouldCommitOnDeliveryForAnAutoAckConsumer() {
    fixture = Fixture.start(dir);
    try (WsClient c = fixture.connect()) {
      c.subscribe(consumer("feed").put("autoAck", true));
      fixture.publish("orders", "created", 3);
      c.events(3);
      JsonObject refused = c.request(ack("sub-1", "0000000000000001"), "error");
      assertThat(refused.getString("message")).contains("autoAck");
    }
    HubEvent next = fixture.publish("orders", "created", "k");
    try (WsClient c = fixture.connect()) {
      c.subscribe(consumer("feed").put("autoAck", true));
      assertThat(c.events(1).get(0).getString("cursor")).isEqualTo(next.cursor());
      c.assertNothingPending();
    }
  }

  @Test
  void shouldKeepEachSubjectsConsumersApart() {
    fixture = Fixture.start(dir);
    String alice = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", 3600).put("sub", "alice"));
    String bob = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", 3600).put("sub", "bob"));
    List<HubEvent> events;
    try (WsClient a = WsClient.open(fixture.hub, fixture.client, alice)) {
      a.subscribe(consumer("shared-name"));
      events = fixture.publish("orders", "created", 2);
      a.events(2);
      a.request(ack("sub-1", events.get(0).cursor()), "acked");
    }
    // Bob's "shared-name" is his own: it starts now, it neither sees nor moves Alice's cursor.
    try (WsClient b = WsClient.open(fixture.hub, fixture.client, bob)) {
      JsonObject subscribed = b.subscribe(consumer("shared-name"));
      assertThat(subscribed.getString("cursor")).isNotEqualTo(events.get(0).cursor());
      HubEvent fresh = fixture.publish("orders", "created", "k");
      assertThat(b.events(1).get(0).getString("cursor")).isEqualTo(fresh.cursor());
    }
    try (WsClient a = WsClient.open(fixture.hub, fixture.client, alice)) {
      assertThat(a.subscribe(consumer("shared-name")).getString("cursor")).isEqualTo(events.get(0).cursor());
      assertThat(a.events(2).get(0).getString("cursor")).isEqualTo(events.get(1).cursor());
    }
  }

  @Test
  void shouldRefuseADifferentDefinitionForAnExistingConsumerAndBadFields() {
    fixture = Fixture.start(dir);
    try (WsClient c = fixture.connect()) {
      c.subscribe(consumer("one"));
      JsonObject other = c.request(new JsonObject().put("type", "subscribe").put("id", 2).put("consumer", "one")
          .put("categories", new JsonArray().add("payments")), "error");
      assertThat(other.getString("code")).isEqualTo("conflict");
      assertThat(other.getString("message")).contains("other filters");
      JsonObject badName = c.request(consumer("no spaces here").put("type", "subscribe"), "error");
      assertThat(badName.getString("message")).contains("field 'consumer'");
      JsonObject withLast = c.request(consumer("two").put("type", "subscribe").put("last", 3), "error");
      assertThat(withLast.getString("message")).contains("'last'");
      JsonObject badAuto = c.request(consumer("two").put("type", "subscribe").put("autoAck", "yes"), "error");
      assertThat(badAuto.getString("message")).contains("field 'autoAck'");
    }
  }

  @Test
  void shouldRemoveAConsumerNobodyAttachedToForExpireAfter() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.consumers.expireAfter", "50ms")
        .with("plugins.websocket.consumers.sweepInterval", "50ms"));
    List<HubEvent> events;
    try (WsClient c = fixture.connect()) {
      c.subscribe(consumer("short-lived"));
      events = fixture.publish("orders", "created", 2);
      c.events(2);
      c.request(ack("sub-1", events.get(0).cursor()), "acked");
    }
    Eventually.until(() -> fixture.stats().getLong("consumersExpired", 0L) >= 1, "the consumer to expire");
    try (WsClient c = fixture.connect()) {
      // Gone: the name starts afresh after the head, not after the old cursor.
      JsonObject subscribed = c.subscribe(consumer("short-lived"));
      assertThat(subscribed.getString("cursor")).isEqualTo(events.get(1).cursor());
      c.assertNothingPending();
    }
  }
}
