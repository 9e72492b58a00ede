package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** After the last attempt a delivery is parked in the dead-letter queue (the real dlq plugin); a resubmit delivers it. */
class DeadLetterTest extends WebhookTestBase {
  @Test
  void shouldParkAfterTheLastAttemptMoveOnAndDeliverAgainOnResubmit() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 2));
    receiver.behave(Receiver.answer(500));
    JsonObject subscription = subscribe("parking", "/p", "jobs");
    String id = publish("jobs", "a", "k", new JsonObject().put("n", 1));

    HubEvent parked = events.next(e -> e.event().equals("webhook-failed") && "parking".equals(e.key())
        && e.data().getBoolean("parked"));
    assertThat(parked.data().getInteger("attempt")).isEqualTo(2);
    String entryId = parked.data().getString("deadLetterId");
    assertThat(entryId).isNotNull();

    JsonArray entries = ok(hub.get("/api/dlq/entries?origin=webhook", token), 200).getJsonArray("entries");
    assertThat(entries).hasSize(1);
    JsonObject entry = entries.getJsonObject(0);
    assertThat(entry.getString("id")).isEqualTo(entryId);
    assertThat(entry.getJsonObject("origin").getString("address")).isEqualTo("webhook.redeliver");
    assertThat(entry.getInteger("attempts")).isEqualTo(2);
    assertThat(entry.getString("reason")).contains("parking").contains("HTTP 500");
    assertThat(entry.getJsonObject("payload").getJsonObject("event").getString("id")).isEqualTo(id);
    // Issue 17 item 9: the entry names its event's category, and only that category's readers see it.
    assertThat(entry.getString("category")).isEqualTo("jobs");
    assertThat(ok(hub.get("/api/dlq/entries?origin=webhook", hub.token("subscribe:dlq")), 200)
        .getJsonArray("entries")).isEmpty();

    // Parked: the subscription moves on to the next event.
    receiver.behave(Receiver.answer(200));
    String next = publish("jobs", "b", "k", null);
    assertThat(events.next("webhook-delivered", "parking").data().getString("eventId")).isEqualTo(next);

    JsonObject outcome = ok(hub.post("/api/dlq/entries/" + entryId + "/resubmit", token, null), 200);

    assertThat(outcome.getBoolean("success")).as(outcome.encode()).isTrue();
    Receiver.Request redelivered = receiver.all().get(receiver.count() - 1);
    assertThat(redelivered.eventId()).isEqualTo(id);
    assertThat(redelivered.headers().get("webhook-id")).isEqualTo(id);
    assertThat(StandardWebhooks.verify(subscription.getString("secret"), id,
        redelivered.headers().get("webhook-timestamp"), redelivered.body().getBytes(),
        redelivered.headers().get("webhook-signature"))).isTrue();
    HubEvent delivered = events.next("webhook-delivered", "parking");
    assertThat(delivered.data().getString("eventId")).isEqualTo(id);
    assertThat(delivered.data().getBoolean("resubmitted")).isTrue();
    assertThat(ok(hub.get("/api/dlq/entries/" + entryId, token), 200).getString("state")).isEqualTo("resolved");
  }

  @Test
  void shouldKeepTheEntryParkedWhenTheResubmittedDeliveryFailsOrItsSubscriptionIsGone() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 1));
    receiver.behave(Receiver.answer(503));
    subscribe("doomed", "/d", "jobs");
    publish("jobs", "a", null, null);
    String entryId = events.next(e -> e.event().equals("webhook-failed") && e.data().getBoolean("parked"))
        .data().getString("deadLetterId");

    JsonObject failed = ok(hub.post("/api/dlq/entries/" + entryId + "/resubmit", token, null), 200);
    assertThat(failed.getBoolean("success")).isFalse();
    assertThat(failed.getString("error")).contains("HTTP 503");
    assertThat(ok(hub.get("/api/dlq/entries/" + entryId, token), 200).getString("state")).isEqualTo("parked");

    ok(hub.send(HttpMethod.DELETE, "/api/webhook/subscriptions/doomed", token, null), 200);
    receiver.behave(Receiver.answer(200));
    JsonObject gone = ok(hub.post("/api/dlq/entries/" + entryId + "/resubmit", token, null), 200);
    assertThat(gone.getBoolean("success")).isFalse();
    assertThat(gone.getString("error")).contains("no subscription 'doomed'");
    assertThat(receiver.count()).isEqualTo(2);
  }

  @Test
  void shouldKeepRetryingWhenTheDeadLetterQueueCannotTakeTheDelivery() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 2).with("plugins.webhook.dlqAddress", "nowhere.park"));
    receiver.behave(Receiver.failFirst(3, 500));
    subscribe("stubborn", "/s", "jobs");
    String id = publish("jobs", "a", null, null);

    HubEvent unparked = events.next(e -> e.event().equals("webhook-failed") && e.data().getString("parkError") != null);
    assertThat(unparked.data().getBoolean("willRetry")).isTrue();
    assertThat(unparked.data().getString("parkError")).contains("nowhere.park");

    HubEvent delivered = events.next("webhook-delivered", "stubborn");
    assertThat(delivered.data().getString("eventId")).isEqualTo(id);
    assertThat(delivered.data().getInteger("attempt")).isEqualTo(4);
  }
}
