package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Typed reads of a tool's arguments: each wrong one is a {@code bad_request} naming it, before anything
 * is read or changed. The filter is bound by the caller's scopes as on {@code GET /api/events} and the
 * WebSocket: every category pattern must be covered by a {@code subscribe:} scope.
 */
final class Args {
  private static final Pattern PATTERN = Pattern.compile("[a-z0-9*-]{1,64}");
  private static final int MAX_PATTERNS = 100;
  private static final int MAX_TEXT = 256;

  private Args() {}

  /**
   * The filter of {@code categories}, {@code events}, {@code keys} and {@code attributes} (an object of
   * names to values or globs, every pair to match). A per-key grant admits its category: the reads then go
   * through {@code GrantedHistory}, which leaves out the keys the grant does not cover.
   */
  static EventFilter filter(JsonObject args, HubPrincipal caller) {
    List<String> categories = patterns(args, "categories", true);
    for (String c : categories) {
      if (!caller.canReadSomeOf(c)) {
        throw HubException.forbidden("token does not allow subscribe:" + c);
      }
    }
    return new EventFilter(categories, patterns(args, "events", false), strings(args, "keys", MAX_TEXT),
        AttributeFilter.fromJson("argument 'attributes'", args.getValue("attributes")).pairs());
  }

  private static List<String> patterns(JsonObject args, String name, boolean required) {
    List<String> values = strings(args, name, 64);
    if (required && values.isEmpty()) {
      throw HubException.badRequest("argument '" + name + "' must list at least one category name or glob");
    }
    for (String v : values) {
      if (!PATTERN.matcher(v).matches()) {
        throw HubException.badRequest("argument '" + name + "': '" + v + "' must match [a-z0-9*-]+");
      }
    }
    return values;
  }

  static List<String> strings(JsonObject args, String name, int maxLength) {
    Object value = args.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > MAX_PATTERNS) {
      throw HubException.badRequest("argument '" + name + "' must be a list of at most " + MAX_PATTERNS + " strings");
    }
    List<String> out = new ArrayList<>(array.size());
    for (Object item : array) {
      if (!(item instanceof String s) || s.isEmpty() || s.length() > maxLength) {
        throw HubException.badRequest("argument '" + name + "' must hold strings of 1 to " + maxLength + " characters");
      }
      out.add(s);
    }
    return out;
  }

  /** A string of 1 to {@code maxLength} characters; null when absent and not required. */
  static String string(JsonObject args, String name, boolean required, int maxLength) {
    Object value = args.getValue(name);
    if (value == null) {
      if (required) {
        throw HubException.badRequest("argument '" + name + "' is required");
      }
      return null;
    }
    if (!(value instanceof String s) || s.isEmpty() || s.length() > maxLength) {
      throw HubException.badRequest("argument '" + name + "' must be a string of 1 to " + maxLength + " characters");
    }
    return s;
  }

  /** An integer from {@code min} to {@code max}; {@code fallback} when absent (null when that is null). */
  static Integer integer(JsonObject args, String name, Integer fallback, int min, int max) {
    Object value = args.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
        && n.doubleValue() >= min && n.doubleValue() <= max) {
      return n.intValue();
    }
    throw HubException.badRequest("argument '" + name + "' must be an integer from " + min + " to " + max
        + ", got " + value);
  }

  /** A JSON object; null when absent. */
  static JsonObject object(JsonObject args, String name) {
    Object value = args.getValue(name);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonObject o)) {
      throw HubException.badRequest("argument '" + name + "' must be a JSON object");
    }
    return o;
  }
}
