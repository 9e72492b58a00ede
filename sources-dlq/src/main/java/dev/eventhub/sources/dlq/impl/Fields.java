package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Typed reads of request fields that fail with a {@code bad_request} naming the field. */
final class Fields {
  private Fields() {}

  static String string(JsonObject json, String field, String path, boolean required, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("field '" + path + "' is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw HubException.badRequest("field '" + path + "' must be a string");
    }
    if (s.isEmpty() || s.length() > maxLength) {
      throw HubException.badRequest("field '" + path + "' must be 1 to " + maxLength + " characters");
    }
    return s;
  }

  static JsonObject object(JsonObject json, String field, String path, boolean required) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("field '" + path + "' is required");
      }
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      throw HubException.badRequest("field '" + path + "' must be a JSON object");
    }
    return o;
  }

  static int integer(JsonObject json, String field, int fallback, int min, int max) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw HubException.badRequest("field '" + field + "' must be an integer from " + min + " to " + max);
    }
    return ((Number) value).intValue();
  }

  static Instant instant(JsonObject json, String field, Instant fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        // Reported below.
      }
    }
    throw HubException.badRequest("field '" + field + "' must be an ISO-8601 UTC instant such as "
        + "2026-11-21T12:34:56.789Z, got '" + value + "'");
  }

  static String time(Instant instant) {
    return instant == null ? null : HubEvent.formatTimestamp(instant);
  }

  static String time(long millis) {
    return HubEvent.formatTimestamp(Instant.ofEpochMilli(millis));
  }
}
