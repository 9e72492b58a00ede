package dev.eventhub.kit.http;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed reads of what clients send: fields of a JSON object, ids, query parameters. Every check that
 * fails throws a {@code bad_request} ({@link HubException}) whose message names the field, which
 * {@link Http#answer} turns into the error body.
 *
 * <p>A field is <em>absent</em> when it is missing or JSON {@code null}. Methods taking a {@code name}
 * read {@code field} from {@code json} but name it {@code name} in messages, for fields of nested
 * objects ({@code "origin.plugin"}). Stateless and thread-safe.
 */
public final class Fields {
  /** The longest id {@link #id} accepts. */
  public static final int MAX_ID_LENGTH = 128;
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_ID_LENGTH + "}");
  private static final int ABBREVIATE_AT = 40;

  private Fields() {}

  /**
   * An id, as one that appears in paths and event keys: 1 to {@value #MAX_ID_LENGTH} characters of
   * {@code [A-Za-z0-9._:-]}.
   *
   * @param field the name for messages
   * @param value the value to check; {@code null} is refused as missing
   */
  public static String id(String field, Object value) {
    if (value == null) {
      throw HubException.badRequest("field '" + field + "' is required");
    }
    if (!(value instanceof String id)) {
      throw HubException.badRequest("field '" + field + "' must be a string");
    }
    if (!ID.matcher(id).matches()) {
      throw HubException.badRequest("field '" + field + "' must be 1 to " + MAX_ID_LENGTH
          + " characters of [A-Za-z0-9._:-], got '" + abbreviate(id) + "'");
    }
    return id;
  }

  /** A string of 1 to {@code maxLength} characters; {@code null} when absent and not required. */
  public static String string(JsonObject json, String field, boolean required, int maxLength) {
    return string(json, field, field, required, 1, maxLength);
  }

  /** A string of {@code minLength} to {@code maxLength} characters; {@code null} when absent and not required. */
  public static String string(JsonObject json, String field, boolean required, int minLength, int maxLength) {
    return string(json, field, field, required, minLength, maxLength);
  }

  /** As {@link #string(JsonObject, String, boolean, int)}, named {@code name} in messages. */
  public static String string(JsonObject json, String field, String name, boolean required, int maxLength) {
    return string(json, field, name, required, 1, maxLength);
  }

  /**
   * A string of 1 to {@code maxLength} characters that matches {@code pattern} entirely; {@code null}
   * when absent and not required.
   */
  public static String matching(JsonObject json, String field, boolean required, int maxLength, Pattern pattern) {
    String s = string(json, field, required, maxLength);
    if (s != null && !pattern.matcher(s).matches()) {
      throw HubException.badRequest("field '" + field + "' must match " + pattern.pattern() + ", got '"
          + abbreviate(s) + "'");
    }
    return s;
  }

  /**
   * A list of at most {@code maxItems} strings, each matching {@code pattern}; {@code null} when absent
   * and not required. A required list must hold at least one item.
   */
  public static List<String> strings(JsonObject json, String field, boolean required, int maxItems, Pattern pattern) {
    if (absent(json, field, field, required)) {
      return null;
    }
    if (!(json.getValue(field) instanceof JsonArray array) || array.size() > maxItems
        || (required && array.isEmpty())) {
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

  /** An integer from {@code min} to {@code max}; {@code null} when absent and not required. */
  public static Long integer(JsonObject json, String field, boolean required, long min, long max) {
    if (absent(json, field, field, required)) {
      return null;
    }
    return inRange(json.getValue(field), field, min, max);
  }

  /** An integer from {@code min} to {@code max}; {@code fallback} when absent. */
  public static int integer(JsonObject json, String field, int fallback, int min, int max) {
    return integer(json, field, field, fallback, min, max);
  }

  /** As {@link #integer(JsonObject, String, int, int, int)}, named {@code name} in messages. */
  public static int integer(JsonObject json, String field, String name, int fallback, int min, int max) {
    Object value = json.getValue(field);
    return value == null ? fallback : (int) inRange(value, name, min, max);
  }

  /** A JSON object; {@code null} when absent and not required. */
  public static JsonObject object(JsonObject json, String field, boolean required) {
    return object(json, field, field, required);
  }

  /** As {@link #object(JsonObject, String, boolean)}, named {@code name} in messages. */
  public static JsonObject object(JsonObject json, String field, String name, boolean required) {
    if (absent(json, field, name, required)) {
      return null;
    }
    if (!(json.getValue(field) instanceof JsonObject o)) {
      throw HubException.badRequest("field '" + name + "' must be a JSON object");
    }
    return o;
  }

  /**
   * An instant written as ISO-8601 in UTC ({@code 2026-11-21T12:34:56.789Z}); {@code fallback} when
   * absent.
   */
  public static Instant instant(JsonObject json, String field, Instant fallback) {
    Object value = json.getValue(field);
    if (value == null) {
      return fallback;
    }
    if (value instanceof String s) {
      try {
        return Instant.parse(s);
      } catch (DateTimeParseException e) {
        // Answered below, as any other value that is not an instant.
      }
    }
    throw HubException.badRequest("field '" + field + "' must be an ISO-8601 UTC instant such as "
        + "2026-11-21T12:34:56.789Z, got '" + value + "'");
  }

  /**
   * A query parameter holding an integer from {@code min} to {@code max}.
   *
   * @param name the parameter's name, for messages
   * @param raw the parameter's value ({@code ctx.request().getParam(name)}); {@code null} when absent
   * @return the integer, or {@code fallback} when {@code raw} is {@code null}
   */
  public static int queryInt(String name, String raw, int fallback, int min, int max) {
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

  /** A timestamp as the protocol writes them (see {@link HubEvent#formatTimestamp}); {@code null} for {@code null}. */
  public static String time(Instant instant) {
    return instant == null ? null : HubEvent.formatTimestamp(instant);
  }

  /** A timestamp in milliseconds since the epoch, as the protocol writes them. */
  public static String time(long epochMillis) {
    return HubEvent.formatTimestamp(Instant.ofEpochMilli(epochMillis));
  }

  /** {@code value} cut to 40 characters and {@code ...}, to quote what a client sent in a message. */
  public static String abbreviate(String value) {
    return value.length() <= ABBREVIATE_AT ? value : value.substring(0, ABBREVIATE_AT) + "...";
  }

  private static String string(JsonObject json, String field, String name, boolean required, int minLength,
      int maxLength) {
    if (absent(json, field, name, required)) {
      return null;
    }
    if (!(json.getValue(field) instanceof String s)) {
      throw HubException.badRequest("field '" + name + "' must be a string");
    }
    if (s.length() < minLength || s.length() > maxLength) {
      throw HubException.badRequest("field '" + name + "' must be " + minLength + " to " + maxLength + " characters");
    }
    return s;
  }

  private static boolean absent(JsonObject json, String field, String name, boolean required) {
    if (json.getValue(field) != null) {
      return false;
    }
    if (required) {
      throw HubException.badRequest("field '" + name + "' is required");
    }
    return true;
  }

  private static long inRange(Object value, String name, long min, long max) {
    if (!(value instanceof Integer || value instanceof Long || value instanceof BigInteger)) {
      throw HubException.badRequest("field '" + name + "' must be an integer from " + min + " to " + max);
    }
    BigInteger n = value instanceof BigInteger b ? b : BigInteger.valueOf(((Number) value).longValue());
    if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
      throw HubException.badRequest("field '" + name + "' must be an integer from " + min + " to " + max
          + ", got " + n);
    }
    return n.longValue();
  }
}
