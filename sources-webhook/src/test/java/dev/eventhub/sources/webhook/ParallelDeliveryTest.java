package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.Eventually;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Up to {@code delivery.parallelKeys} keys in flight per subscription, in log order per key: a key
 * whose receiver stalls holds back its own events only, and the cursor never passes it.
 */
class ParallelDeliveryTest extends WebhookTestBase {
  private String cursorOf(String subscription) {
    return ok(hub.get("/api/webhook/subscriptions/" + subscription, token), 200).getJsonObject("delivery")
        .getString("cursor");
  }

  @Test
  void shouldDeliverOtherKeysWhileOneKeyStallsKeepingTheOrderPerKeyAndTheCursorBehindTheStalledEvent() {
    start();
    subscribe("keys", "/k", "orders");
    String before = cursorOf("keys");
    receiver.stall("slow");

    String slow1 = publish("orders", "placed", "slow", new JsonObject().put("n", 1));
    String slow2 = publish("orders", "placed", "slow", new JsonObject().put("n", 2));
    List<String> fast = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      fast.add(publish("orders", "placed", "a", new JsonObject().put("n", i)));
      fast.add(publish("orders", "placed", "b", new JsonObject().put("n", i)));
    }

    // The stalled key's first event arrives (and hangs); every other key's events arrive meanwhile.
    List<Receiver.Request> received = new ArrayList<>();
    for (int i = 0; i < 1 + fast.size(); i++) {
      received.add(receiver.next());
    }
    assertThat(received).extracting(Receiver.Request::eventId).containsExactlyInAnyOrder(
        concat(slow1, fast).toArray(String[]::new));
    assertThat(received.stream().filter(r -> "a".equals(r.json().getString("key"))).map(Receiver.Request::eventId))
        .containsExactly(fast.get(0), fast.get(2), fast.get(4));
    assertThat(received.stream().filter(r -> "b".equals(r.json().getString("key"))).map(Receiver.Request::eventId))
        .containsExactly(fast.get(1), fast.get(3), fast.get(5));
    for (int i = 0; i < fast.size(); i++) {
      events.next("webhook-delivered", "keys");
    }
    // Every other event is delivered, but the cursor stays before the stalled one.
    assertThat(cursorOf("keys")).isEqualTo(before);
    assertThat(receiver.all()).extracting(Receiver.Request::eventId).doesNotContain(slow2);

    receiver.release();
    assertThat(receiver.next().eventId()).isEqualTo(slow2);
    HubEvent lastDelivered = events.next(e -> e.event().equals("webhook-delivered")
        && slow2.equals(e.data().getString("eventId")));
    // Now every event is dealt with: the cursor reaches the last one (it is saved behind the deliveries).
    String lastCursor = lastDelivered.data().getString("eventCursor");
    Eventually.await(hub.vertx(), () -> hub.client().get("/api/webhook/subscriptions/keys")
        .bearerTokenAuthentication(token).send()
        .map(r -> r.bodyAsJsonObject().getJsonObject("delivery").getString("cursor").compareTo(lastCursor) >= 0));
  }

  @Test
  void shouldDeliverOneKeyAtATimeWithOneParallelKey() {
    start(c -> c.with("plugins.webhook.delivery.parallelKeys", 1));
    subscribe("serial", "/s", "orders");
    receiver.stall("slow");

    String slow = publish("orders", "placed", "slow", new JsonObject());
    String other = publish("orders", "placed", "other", new JsonObject());

    assertThat(receiver.next().eventId()).isEqualTo(slow);
    assertThat(receiver.count()).isEqualTo(1);
    receiver.release();
    assertThat(receiver.next().eventId()).isEqualTo(other);
  }

  @Test
  void shouldMarkAResubmittedDeadLetterAsARedeliveryWithItsOriginalCursor() {
    start();
    receiver.behave(Receiver.answer(503));
    subscribe("parks", "/p", "orders");
    String id = publish("orders", "placed", "k", new JsonObject());
    HubEvent parked = events.next(e -> e.event().equals("webhook-failed") && "parks".equals(e.key())
        && e.data().getBoolean("parked"));
    String cursor = parked.data().getString("eventCursor");
    assertThat(receiver.all()).allSatisfy(r -> assertThat(r.headers().get("X-Hub-Redelivery")).isNull());

    receiver.behave(Receiver.answer(200));
    ok(hub.post("/api/dlq/entries/" + parked.data().getString("deadLetterId") + "/resubmit", token, null), 200);

    Receiver.Request redelivered = receiver.nextAccepted();
    assertThat(redelivered.eventId()).isEqualTo(id);
    assertThat(redelivered.headers().get("webhook-id")).isEqualTo(id);
    assertThat(redelivered.headers().get("X-Hub-Redelivery")).isEqualTo("1");
    assertThat(redelivered.headers().get("X-Hub-Original-Cursor")).isEqualTo(cursor);
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }
}
