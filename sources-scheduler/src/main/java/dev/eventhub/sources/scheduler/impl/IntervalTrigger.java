package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.config.Durations;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;

/**
 * A fixed interval: occurrences at {@code anchor + k * every} for k = 1, 2, ..., where the anchor is
 * when the schedule was created or its trigger last changed. Anchored, so that lateness never drifts
 * the series.
 */
record IntervalTrigger(Duration every, Object text) implements Trigger {
  static final Duration MAX = Duration.ofDays(366);

  static IntervalTrigger parse(JsonObject json, Duration minInterval) {
    Object value = json.getValue("every");
    if (value == null) {
      throw HubException.badRequest("field 'trigger.every' is required");
    }
    Duration every = Durations.parse(value);
    if (every == null) {
      throw HubException.badRequest("field 'trigger.every' must be a duration such as 500ms, 2s, 5m, 1h, 1d or a "
          + "number of milliseconds, got '" + value + "'");
    }
    if (minInterval != null && (every.compareTo(minInterval) < 0 || every.compareTo(MAX) > 0)) {
      throw HubException.badRequest("field 'trigger.every' must be from " + minInterval.toMillis()
          + "ms (setting plugins.scheduler.minInterval) to 366d, got '" + value + "'");
    }
    return new IntervalTrigger(every, value);
  }

  @Override
  public Instant next(Instant after, Instant anchor) {
    long step = every.toMillis();
    long since = after.toEpochMilli() - anchor.toEpochMilli();
    long k = since < 0 ? 1 : since / step + 1;
    return anchor.plusMillis(k * step);
  }

  @Override
  public Catchup catchUp(Instant first, Instant now, Instant anchor) {
    long step = every.toMillis();
    long k = (now.toEpochMilli() - anchor.toEpochMilli()) / step;
    Instant latest = anchor.plusMillis(k * step);
    long count = (latest.toEpochMilli() - first.toEpochMilli()) / step + 1;
    return new Catchup(latest, (int) Math.min(count, MAX_COUNT));
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", "interval").put("every", text);
  }
}
