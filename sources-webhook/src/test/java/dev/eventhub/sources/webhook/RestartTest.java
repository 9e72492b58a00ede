package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delivery state is durable: a restart resumes where deliveries were, in order, and repeats nothing delivered. */
class RestartTest extends WebhookTestBase {
  @Test
  void shouldResumeARetryingDeliveryAfterARestartAndKeepTheOrder() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 100)
        .with("plugins.webhook.delivery.initialBackoff", "50ms")
        .with("plugins.webhook.delivery.maxBackoff", "100ms"));
    receiver.behave(Receiver.answer(503));
    subscribe("durable", "/d", "jobs");
    String first = publish("jobs", "a", null, new JsonObject().put("n", 1));
    String second = publish("jobs", "b", null, new JsonObject().put("n", 2));
    HubEvent failing = events.next(e -> e.event().equals("webhook-failed") && "durable".equals(e.key())
        && e.data().getInteger("attempt") >= 2);
    assertThat(failing.data().getString("eventId")).isEqualTo(first);

    restart();

    // Still failing after the restart: the same event is retried, its attempts counted on.
    HubEvent resumed = events.next("webhook-failed", "durable");
    assertThat(resumed.data().getString("eventId")).isEqualTo(first);
    assertThat(resumed.data().getInteger("attempt")).isGreaterThan(failing.data().getInteger("attempt"));
    receiver.behave(Receiver.answer(200));

    assertThat(receiver.nextAccepted().eventId()).isEqualTo(first);
    assertThat(receiver.nextAccepted().eventId()).isEqualTo(second);
    HubEvent delivered = events.next("webhook-delivered", "durable");
    assertThat(delivered.data().getString("eventId")).isEqualTo(first);
    // The attempts before the restart still count.
    assertThat(delivered.data().getInteger("attempt")).isGreaterThan(resumed.data().getInteger("attempt"));
    assertThat(events.next("error-resolved", "durable").data().getInteger("failedAttempts")).isGreaterThanOrEqualTo(2);
    // The second event was never sent before the first was accepted.
    List<String> sent = receiver.all().stream().map(Receiver.Request::eventId).toList();
    assertThat(sent.indexOf(second)).isGreaterThan(sent.lastIndexOf(first));
  }

  @Test
  void shouldNotDeliverAgainWhatWasDeliveredBeforeARestartAndCatchUpWhatWasNot() {
    start();
    subscribe("once", "/o", "jobs");
    String first = publish("jobs", "a", null, null);
    events.next("webhook-delivered", "once");

    restart();
    String second = publish("jobs", "b", null, null);
    events.next("webhook-delivered", "once");

    assertThat(receiver.all().stream().map(Receiver.Request::eventId)).containsExactly(first, second);
    JsonObject status = ok(hub.get("/api/webhook/subscriptions/once", token), 200);
    assertThat(status.getJsonObject("delivery").getString("cursor")).isNotNull();
  }
}
