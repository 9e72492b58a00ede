package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.api.HubException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.regex.Pattern;

/** Checks what clients send; every failure is a {@code bad_request} naming the field. */
final class Fields {
  static final int MAX_ID_LENGTH = 128;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_ID_LENGTH + "}");

  private Fields() {}

  /** An id: 1 to 128 characters of {@code [A-Za-z0-9._:-]}. */
  static String id(String field, String value) {
    if (value == null) {
      throw HubException.badRequest("field '" + field + "' is required");
    }
    if (!ID.matcher(value).matches()) {
      throw HubException.badRequest("field '" + field + "' must be 1 to " + MAX_ID_LENGTH
          + " characters of [A-Za-z0-9._:-], got '" + abbreviate(value) + "'");
    }
    return value;
  }

  /** The body as a JSON object; an empty body is an empty object. */
  static JsonObject body(Buffer body) {
    if (body == null || body.length() == 0) {
      return new JsonObject();
    }
    try {
      return new JsonObject(body);
    } catch (RuntimeException e) {
      throw HubException.badRequest("the body must be a JSON object");
    }
  }

  /** A string field of 1 to {@code maxLength} characters, or {@code null} when absent and not required. */
  static String string(JsonObject json, String field, boolean required, int maxLength) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("field '" + field + "' is required");
      }
      return null;
    }
    if (!(value instanceof String s)) {
      throw HubException.badRequest("field '" + field + "' must be a string");
    }
    if (s.isEmpty() || s.length() > maxLength) {
      throw HubException.badRequest("field '" + field + "' must be 1 to " + maxLength + " characters");
    }
    return s;
  }

  /** An integer field from {@code min} to {@code max}; {@code null} when absent and not required. */
  static Long integer(JsonObject json, String field, boolean required, long min, long max) {
    Object value = json.getValue(field);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("field '" + field + "' is required");
      }
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
      throw HubException.badRequest("field '" + field + "' must be an integer");
    }
    BigInteger n = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw HubException.badRequest("field '" + field + "' must be " + min + " to " + max + ", got " + n);
    }
    return n.longValue();
  }

  /** A query parameter holding an integer from {@code min} to {@code max}; {@code fallback} when absent. */
  static int queryInt(String name, String raw, int fallback, int min, int max) {
    if (raw == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(raw.trim());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Answered below, the same as an out-of-range number.
    }
    throw HubException.badRequest("query parameter '" + name + "' must be an integer from " + min + " to " + max
        + ", got '" + abbreviate(raw) + "'");
  }

  static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
