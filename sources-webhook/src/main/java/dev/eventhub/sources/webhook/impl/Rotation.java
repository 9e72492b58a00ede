package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.config.Durations;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** The {@code overlap} of a secret rotation's body: how long the previous secret stays valid. */
final class Rotation {
  private Rotation() {}

  /**
   * The body's {@code overlap} ({@code 0s} to {@code 30d}), or {@code fallback} when absent.
   *
   * @throws HubException {@code bad_request} when it is not such a duration
   */
  static Duration overlap(JsonObject body, Duration fallback) {
    Object value = body.getValue("overlap");
    if (value == null) {
      return fallback;
    }
    Duration overlap = value instanceof String ? Durations.parse(value) : null;
    if (overlap == null || overlap.compareTo(WebhookSettings.MAX_SECRET_OVERLAP) > 0) {
      throw HubException.badRequest("field 'overlap' must be a duration from 0s to 30d such as 1h, got '" + value + "'");
    }
    return overlap;
  }
}
