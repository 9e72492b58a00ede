package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.dlq.DlqPlugin;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code error-recovery} events of resubmissions, with the fields the webhook sender's have (an
 * entry where the webhook has a subscription): a resubmission is a retry that starts, and completes
 * delivered or still parked; one that succeeds resolves the error the entry stood for. Key = the
 * entry's id; event ids derive from the entry and the resubmission's number, so that a resubmission
 * told twice (by two leaders) is recorded once.
 */
final class ResubmissionRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(ResubmissionRecovery.class);
  private static final int MAX_ERROR = 500;

  private final EventPublisher publisher;

  ResubmissionRecovery(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** The resubmission numbered {@code number} of {@code entry} was claimed and is being sent. */
  void started(JsonObject entry, int number) {
    String reason = entry.getString("reason");
    publish(entry, number, "retry-started", identity(entry).put("resubmission", number)
        .put("error", reason == null || reason.length() <= MAX_ERROR ? reason : reason.substring(0, MAX_ERROR) + "...")
        .put("maxAttempts", 1).put("nextAttemptInMs", 0));
  }

  /** It ended: {@code error} null when the origin took it. {@code entry} is as recorded after it. */
  void ended(JsonObject entry, int number, long now, String error) {
    String id = entry.getString("id");
    long since = since(entry, now);
    publish(entry, number, "retry-completed", identity(entry).put("resubmission", number)
        .put("attempts", entry.getInteger("attempts")).put("outcome", error == null ? "delivered" : "parked")
        .put("deadLetterId", id).put("error", error).put("durationMs", now - since));
    if (error == null) {
      publish(entry, number, "error-resolved", identity(entry).put("failingSince", Fields.time(since))
          .put("durationMs", now - since).put("failedAttempts", entry.getInteger("attempts")).put("parked", 1));
    }
  }

  private void publish(JsonObject entry, int number, String type, JsonObject data) {
    String id = entry.getString("id");
    publisher.publish(DeadLetterQueue.withAttributes(new EventDraft("dlq-" + id + "-resubmission-" + number + "-" + type,
        DlqPlugin.RECOVERY_CATEGORY, type, id, data))).onFailure(e -> LOG.warn("could not publish " + type + " of entry " + id + ": " + e));
  }

  private static JsonObject identity(JsonObject entry) {
    JsonObject origin = entry.getJsonObject("origin");
    return new JsonObject().put("source", DlqPlugin.NAME).put("deadLetterId", entry.getString("id"))
        .put("origin", origin.getString("plugin")).put("target", origin.getString("target"))
        .put("category", Entries.category(entry));
  }

  private static long since(JsonObject entry, long now) {
    try {
      return Instant.parse(entry.getString("firstFailureAt")).toEpochMilli();
    } catch (DateTimeParseException | NullPointerException e) {
      return now;
    }
  }
}
