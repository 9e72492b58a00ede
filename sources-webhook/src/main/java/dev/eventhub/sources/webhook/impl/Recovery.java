package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.webhook.WebhookPlugin;
import io.vertx.core.json.JsonObject;

/**
 * One subscription's {@code error-recovery} events and the failing state they need, which is saved
 * with the delivery state (so it survives restarts): since when the subscription is failing, how many
 * attempts failed and how many events were parked meanwhile. Used on the plugin's context only.
 */
final class Recovery {
  private final Events events;
  private final Subscription subscription;
  private Long failingSince;
  private int failedAttempts;
  private int parkedWhileFailing;

  Recovery(Events events, Subscription subscription, JsonObject state) {
    this.events = events;
    this.subscription = subscription;
    this.failingSince = state.getLong("failingSince");
    this.failedAttempts = state.getInteger("failedAttempts", 0);
    this.parkedWhileFailing = state.getInteger("parkedWhileFailing", 0);
  }

  Long failingSince() {
    return failingSince;
  }

  /** Adds the failing state to a delivery state being saved. */
  JsonObject saveInto(JsonObject state) {
    return state.put("failingSince", failingSince).put("failedAttempts", failedAttempts)
        .put("parkedWhileFailing", parkedWhileFailing);
  }

  /** An attempt failed; the first attempt of an event that will be retried starts its retries. */
  void failed(HubEvent event, int number, String error, int maxAttempts, Long nextAttemptInMs, long now) {
    failedAttempts++;
    if (failingSince == null) {
      failingSince = now;
    }
    if (number == 1 && nextAttemptInMs != null) {
      events.publish(Events.RECOVERY, "retry-started", subscription.id(), identity().put("eventId", event.id())
          .put("error", error).put("maxAttempts", maxAttempts).put("nextAttemptInMs", nextAttemptInMs));
    }
  }

  void parked() {
    parkedWhileFailing++;
  }

  /** The retries of an event ended. */
  void retryCompleted(HubEvent event, int attempts, String outcome, String deadLetterId, long firstFailureAt) {
    events.publish(Events.RECOVERY, "retry-completed", subscription.id(), identity()
        .put("eventId", event.id()).put("attempts", attempts).put("outcome", outcome).put("deadLetterId", deadLetterId)
        .put("durationMs", System.currentTimeMillis() - firstFailureAt));
  }

  /** A delivery succeeded while no other key retries: a failing subscription is resolved. */
  void delivered(long now) {
    if (failingSince == null) {
      return;
    }
    events.publish(Events.RECOVERY, "error-resolved", subscription.id(), identity()
        .put("failingSince", Fields.time(failingSince)).put("durationMs", now - failingSince)
        .put("failedAttempts", failedAttempts).put("parked", parkedWhileFailing));
    failingSince = null;
    failedAttempts = 0;
    parkedWhileFailing = 0;
  }

  private JsonObject identity() {
    return new JsonObject().put("source", WebhookPlugin.NAME).put("subscription", subscription.id())
        .put("target", subscription.target());
  }
}
