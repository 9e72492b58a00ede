package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/** When a schedule fires: a cron expression in a time zone, or a fixed interval. */
sealed interface Trigger permits CronTrigger, IntervalTrigger {
  /** The latest occurrence not after some instant, and how many occurrences were passed to reach it. */
  record Catchup(Instant latest, int count) {}

  /** At most this many occurrences are counted when catching up. */
  int MAX_COUNT = 1000;

  /**
   * The first occurrence strictly after {@code after}, or {@code null} when there is none.
   *
   * @param anchor where an interval's series starts (ignored by cron)
   */
  Instant next(Instant after, Instant anchor);

  /**
   * From {@code first}, an occurrence not after {@code now}, the latest occurrence not after {@code
   * now} and how many occurrences that is, counting {@code first} (at most {@link #MAX_COUNT}).
   */
  Catchup catchUp(Instant first, Instant now, Instant anchor);

  JsonObject toJson();

  /**
   * Reads {@code {"type":"cron","expression","timeZone"}} or {@code {"type":"interval","every"}}.
   *
   * @param minInterval the shortest interval accepted; null for a stored trigger, loaded as it was accepted
   *
   * @throws HubException {@code bad_request} naming the field at fault
   */
  static Trigger parse(Object value, Duration minInterval) {
    if (!(value instanceof JsonObject json)) {
      throw HubException.badRequest(value == null ? "field 'trigger' is required"
          : "field 'trigger' must be a JSON object");
    }
    String type = Fields.string(json, "type", "trigger.type", true, 32);
    return switch (type) {
      case "cron" -> CronTrigger.parse(json, minInterval != null);
      case "interval" -> IntervalTrigger.parse(json, minInterval);
      default -> throw HubException.badRequest("field 'trigger.type' must be cron or interval, got '" + type + "'");
    };
  }
}
