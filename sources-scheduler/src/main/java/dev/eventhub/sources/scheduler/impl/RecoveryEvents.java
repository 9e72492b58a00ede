package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.scheduler.SchedulerPlugin;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code error-recovery} events of HTTP actions, with the fields the webhook sender's have (a
 * schedule where the webhook has a subscription, an execution where it has an event): {@code
 * retry-started}, {@code retry-completed}, {@code error-resolved}; and which schedules are failing
 * (since this leader started: the state is in memory). Used on the plugin's context only.
 */
final class RecoveryEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RecoveryEvents.class);
  static final String SOURCE = SchedulerPlugin.NAME;

  /** A schedule whose HTTP calls are failing: since when, how many attempts failed, how many calls were parked. */
  private static final class Failing {
    final long since;
    int failedAttempts;
    int parked;

    Failing(long since) {
      this.since = since;
    }
  }

  private final EventPublisher publisher;
  private final Clock clock;
  private final Map<String, Failing> failing = new HashMap<>();

  RecoveryEvents(EventPublisher publisher, Clock clock) {
    this.publisher = publisher;
    this.clock = clock;
  }

  /** An attempt failed. */
  void failed(String schedule, String executionId, String target, String error, int attempt, int maxAttempts,
      long nextAttemptInMs) {
    failing.computeIfAbsent(schedule, s -> new Failing(clock.millis())).failedAttempts++;
    if (attempt == 1 && attempt < maxAttempts) {
      publish("retry-started", schedule, "scheduler-" + executionId + "-retry-started", identity(schedule, target)
          .put("executionId", executionId).put("error", error).put("maxAttempts", maxAttempts)
          .put("nextAttemptInMs", nextAttemptInMs));
    }
  }

  /**
   * An execution's call ended after {@code attempts}; when it was retried, says how.
   *
   * @param outcome {@code delivered}, {@code parked} or {@code dropped} (not parked)
   */
  void ended(String schedule, String executionId, String target, int attempts, String outcome, String deadLetterId,
      long firstAttemptAt) {
    if (attempts > 1) {
      publish("retry-completed", schedule, "scheduler-" + executionId + "-retry-completed", identity(schedule, target)
          .put("executionId", executionId).put("attempts", attempts).put("outcome", outcome)
          .put("deadLetterId", deadLetterId).put("durationMs", clock.millis() - firstAttemptAt));
    }
    Failing state = failing.get(schedule);
    if (state == null) {
      return;
    }
    if (!outcome.equals("delivered")) {
      state.parked += outcome.equals("parked") ? 1 : 0;
      return;
    }
    failing.remove(schedule);
    long now = clock.millis();
    publish("error-resolved", schedule, "scheduler-" + executionId + "-error-resolved", identity(schedule, target)
        .put("failingSince", Fields.time(state.since)).put("durationMs", now - state.since)
        .put("failedAttempts", state.failedAttempts).put("parked", state.parked));
  }

  void publish(String type, String key, String eventId, JsonObject data) {
    Object schedule = data.getValue("schedule");
    publisher.publish(new EventDraft(eventId, SchedulerPlugin.RECOVERY_CATEGORY, type, key, data.put("source", SOURCE))
            .withOptionalAttribute("schedule_id", schedule instanceof String s ? s : null))
        .onFailure(e -> LOG.warn("could not publish " + type + " of " + key + ": " + e));
  }


  private static JsonObject identity(String schedule, String target) {
    return new JsonObject().put("schedule", schedule).put("target", target);
  }
}
