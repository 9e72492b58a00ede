package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.auth.Grant;
import dev.eventhub.kit.auth.Redact;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A schedule as the scheduler holds it: the definition, what is stored with it (when it last fired,
 * its execution counter, the storage version) and where it sits in the timer wheel. Used on the
 * plugin's context only.
 */
final class ScheduleEntry {
  static final String COLLECTION = "schedules";

  Schedule schedule;
  /** Who created or last replaced the schedule, and what their token allowed: what its firings may do. */
  Grant owner = Grant.NONE;
  long version;
  Instant createdAt;
  Instant updatedAt;
  /** Where an interval's series starts: creation, or the last change of the trigger. */
  Instant anchorAt;
  /** When the schedule last became active (created, resumed, trigger changed): nothing before fires. */
  Instant activeSince;
  /** The occurrence that last fired (claimed before its action ran), or null. */
  Instant lastFireAt;
  long executionSeq;
  /**
   * The execution that fires {@code lastFireAt} ({@code seq}, {@code trigger}, {@code occurrences}), written with
   * the claim: what a restart (or the next cluster leader) needs to start it again when its record is missing.
   */
  JsonObject lastFire;
  /** In memory only: occurrences up to here were skipped as misfires. */
  Instant skippedUntil;
  Instant nextFireAt;
  long generation;
  boolean deleted;
  /** The last change of this schedule under way: changes run one after another. */
  Future<?> tail = Future.succeededFuture();

  /** The instant after which the next occurrence is looked for. */
  Instant reference() {
    Instant r = activeSince;
    if (lastFireAt != null && lastFireAt.isAfter(r)) {
      r = lastFireAt;
    }
    if (skippedUntil != null && skippedUntil.isAfter(r)) {
      r = skippedUntil;
    }
    return r;
  }

  /** The next occurrence, or null when paused or the trigger has none. */
  Instant computeNext() {
    return schedule.paused() ? null : schedule.trigger().next(reference(), anchorAt);
  }

  JsonObject toDocument() {
    return schedule.toStored()
        .put("owner", owner.recorded() ? owner.toJson() : null)
        .put("createdAt", Fields.time(createdAt))
        .put("updatedAt", Fields.time(updatedAt))
        .put("anchorAt", Fields.time(anchorAt))
        .put("activeSince", Fields.time(activeSince))
        .put("lastFireAt", Fields.time(lastFireAt))
        .put("executionSeq", executionSeq)
        .put("lastFire", lastFire);
  }

  /** What clients see. */
  JsonObject toJson() {
    return schedule.toJson()
        .put("owner", owner.recorded() ? owner.toJson() : null)
        .put("createdAt", Fields.time(createdAt))
        .put("updatedAt", Fields.time(updatedAt))
        .put("lastFireAt", Fields.time(lastFireAt))
        .put("nextFireAt", Fields.time(nextFireAt));
  }

  /** A stored document as a log line may show it: the action's credentials masked. */
  static String redacted(JsonObject document) {
    JsonObject copy = document.copy();
    if (copy.getValue("action") instanceof JsonObject action) {
      if (action.getValue("headers") instanceof JsonObject headers) {
        action.put("headers", Redact.headers(headers));
      }
      if (action.getValue("url") instanceof String url) {
        action.put("url", Redact.url(url));
      }
    }
    return copy.encode();
  }

  /** Rebuilds a stored schedule; interval limits are not applied again, what was accepted stays. */
  static ScheduleEntry fromDocument(StoredDocument doc, String defaultMisfire) {
    JsonObject json = doc.value();
    ScheduleEntry e = new ScheduleEntry();
    e.schedule = Schedule.parse(json, doc.key(), null, defaultMisfire);
    e.owner = Grant.fromJson(json.getValue("owner"));
    e.version = doc.version();
    e.createdAt = Instant.parse(json.getString("createdAt"));
    e.updatedAt = Instant.parse(json.getString("updatedAt"));
    e.anchorAt = Instant.parse(json.getString("anchorAt"));
    e.activeSince = Instant.parse(json.getString("activeSince"));
    e.lastFireAt = json.getString("lastFireAt") == null ? null : Instant.parse(json.getString("lastFireAt"));
    e.executionSeq = json.getLong("executionSeq", 0L);
    e.lastFire = json.getValue("lastFire") instanceof JsonObject fire ? fire : null;
    return e;
  }
}
