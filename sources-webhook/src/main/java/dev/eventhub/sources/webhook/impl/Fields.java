package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Typed reads of request fields that fail with a {@code bad_request} naming the field. */
final class Fields {
  /** Ids of endpoints and subscriptions: they appear in URLs and event keys. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private Fields() {}

  static String string(JsonObject json, String field, boolean required, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("field '" + field + "' is required");
      }
      return null;
    }
    if (!(value instanceof String s) || s.isEmpty() || s.length() > maxLength) {
      throw HubException.badRequest("field '" + field + "' must be a string of 1 to " + maxLength + " characters");
    }
    return s;
  }

  static String id(JsonObject json, String field, boolean required) {
    String id = string(json, field, required, 64);
    if (id != null && !ID.matcher(id).matches()) {
      throw HubException.badRequest("field '" + field + "' must match [A-Za-z0-9._-]{1,64}, got '" + id + "'");
    }
    return id;
  }

  /** A list of strings each matching {@code pattern}; {@code null} when absent and not required. */
  static List<String> strings(JsonObject json, String field, boolean required, int maxItems, Pattern pattern) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("field '" + field + "' is required");
      }
      return null;
    }
    if (!(value instanceof JsonArray array) || array.size() > maxItems || (required && array.isEmpty())) {
      throw HubException.badRequest("field '" + field + "' must be an array of " + (required ? "1" : "0") + " to "
          + maxItems + " strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || !pattern.matcher(s).matches()) {
        throw HubException.badRequest("field '" + field + "': '" + item + "' must match " + pattern.pattern());
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  static JsonObject object(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof JsonObject)) {
      throw HubException.badRequest("field '" + field + "' must be a JSON object");
    }
    return (JsonObject) value;
  }

  static String time(long millis) {
    return HubEvent.formatTimestamp(Instant.ofEpochMilli(millis));
  }
}
