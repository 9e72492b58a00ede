package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventQuery;
import dev.eventhub.kit.stream.Overflow;
import dev.eventhub.kit.stream.StreamRules;
import dev.eventhub.sinks.websocket.impl.Request.Ping;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import dev.eventhub.sinks.websocket.impl.Request.Unsubscribe;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns a client's text frame into a {@link Request}, or throws a {@link RequestError} saying what is wrong. */
final class RequestParser {
  /** Entries of {@code categories}, {@code events} or {@code keys} accepted at most. */
  static final int MAX_LIST_SIZE = StreamRules.MAX_LIST_SIZE;

  /** A named consumer's name (issue 20). */
  static final java.util.regex.Pattern CONSUMER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private RequestParser() {}

  static Request parse(String text) {
    Object value;
    try {
      value = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw RequestError.badRequest(null, "the message is not JSON");
    }
    if (!(value instanceof JsonObject json)) {
      throw RequestError.badRequest(null, "a request must be a JSON object");
    }
    Object id = json.getValue("id");
    if (id != null && !(id instanceof String) && !(id instanceof Number)) {
      throw RequestError.badRequest(null, "field 'id' must be a string or a number");
    }
    Object type = json.getValue("type");
    if (!(type instanceof String t)) {
      throw RequestError.badRequest(id, type == null ? "field 'type' is required" : "field 'type' must be a string");
    }
    return switch (t) {
      case "subscribe" -> subscribe(id, json);
      case "unsubscribe" -> new Unsubscribe(id, requiredString(id, json, "subscription"));
      case "ping" -> new Ping(id);
      case "publish" -> Publisher.parse(id, json);
      case "ack" -> ack(id, json);
      default -> throw RequestError.badRequest(id, "unknown type '" + StreamRules.abbreviate(t)
          + "': expected subscribe, unsubscribe, ack, ping or publish");
    };
  }

  private static Subscribe subscribe(Object id, JsonObject json) {
    List<String> categories = patterns(id, json, "categories");
    if (categories == null || categories.isEmpty()) {
      throw RequestError.badRequest(id, "field 'categories' is required and must not be empty");
    }
    List<String> events = patterns(id, json, "events");
    List<String> keys = keys(id, json);
    String since = since(id, json);
    Integer last = last(id, json);
    if (since != null && last != null) {
      throw RequestError.badRequest(id, "fields 'since' and 'last' cannot be combined");
    }
    Object batch = json.getValue("batch");
    if (batch != null && !(batch instanceof Boolean)) {
      throw RequestError.badRequest(id, "field 'batch' must be a boolean");
    }
    Overflow overflow = overflow(id, json);
    String consumer = consumer(id, json);
    Object autoAck = json.getValue("autoAck");
    if (autoAck != null && !(autoAck instanceof Boolean)) {
      throw RequestError.badRequest(id, "field 'autoAck' must be a boolean");
    }
    if (consumer == null && autoAck != null) {
      throw RequestError.badRequest(id, "field 'autoAck' applies to named consumers: add field 'consumer'");
    }
    if (consumer != null && last != null) {
      throw RequestError.badRequest(id, "field 'last' cannot be combined with 'consumer': a named consumer resumes"
          + " after its committed cursor ('since' sets where a new one starts)");
    }
    if (consumer != null && overflow != Overflow.CLOSE) {
      throw RequestError.badRequest(id, "field 'overflow' cannot be combined with 'consumer': a named consumer's"
          + " events wait in the log, never in the hub's memory, so nothing is dropped");
    }
    return new Subscribe(id, categories, events == null ? List.of() : events, keys, since, last,
        Boolean.TRUE.equals(batch), overflow, consumer, Boolean.TRUE.equals(autoAck), attributes(id, json));
  }

  // Issue 20: a named consumer's name, unique per token subject.
  private static String consumer(Object id, JsonObject json) {
    Object value = json.getValue("consumer");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s) || !CONSUMER_NAME.matcher(s).matches()) {
      throw RequestError.badRequest(id, "field 'consumer' must be a name of 1 to 64 characters from A-Z, a-z, 0-9,"
          + " '.', '_' and '-'");
    }
    return s;
  }

  private static Request.Ack ack(Object id, JsonObject json) {
    String subscription = requiredString(id, json, "subscription");
    String cursor = requiredString(id, json, "cursor");
    check(id, () -> StreamRules.checkCursor("field 'cursor'", cursor));
    return new Request.Ack(id, subscription, cursor);
  }

  // Issue 20: {"agent_id": "a-7", "task_id": "t-*"}, every pair to match.
  private static AttributeFilter attributes(Object id, JsonObject json) {
    AttributeFilter[] out = new AttributeFilter[1];
    check(id, () -> out[0] = StreamRules.attributes("field 'attributes'", json.getValue("attributes")));
    return out[0];
  }

  private static List<String> patterns(Object id, JsonObject json, String field) {
    List<String> values = strings(id, json, field);
    if (values != null) {
      check(id, () -> StreamRules.checkPatterns("field '" + field + "'", values));
    }
    return values;
  }

  private static List<String> keys(Object id, JsonObject json) {
    List<String> keys = strings(id, json, "keys");
    if (keys == null) {
      return List.of();
    }
    check(id, () -> StreamRules.checkKeys("field 'keys'", keys));
    return keys;
  }

  private static List<String> strings(Object id, JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return null;
    }
    if (!(value instanceof JsonArray array)) {
      throw RequestError.badRequest(id, "field '" + field + "' must be an array of strings");
    }
    check(id, () -> StreamRules.checkSize("field '" + field + "'", array.size()));
    Set<String> out = new LinkedHashSet<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw RequestError.badRequest(id, "field '" + field + "' must be an array of strings");
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  private static String since(Object id, JsonObject json) {
    Object value = json.getValue("since");
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      throw RequestError.badRequest(id, "field 'since' must be a cursor: a non-empty string of at most "
          + StreamRules.MAX_CURSOR_LENGTH + " characters");
    }
    check(id, () -> StreamRules.checkCursor("field 'since'", s));
    return s;
  }

  private static Overflow overflow(Object id, JsonObject json) {
    Object value = json.getValue("overflow");
    if (value != null && !(value instanceof String)) {
      throw RequestError.badRequest(id, "field 'overflow' must be close, drop-oldest or latest-per-key");
    }
    Overflow[] out = new Overflow[1];
    check(id, () -> out[0] = Overflow.parse("field 'overflow'", (String) value));
    return out[0];
  }

  private static Integer last(Object id, JsonObject json) {
    Object value = json.getValue("last");
    if (value == null) {
      return null;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw RequestError.badRequest(id, "field 'last' must be an integer from 1 to " + EventQuery.MAX_LIMIT);
    }
    check(id, () -> StreamRules.checkLast("field 'last'", ((Number) value).longValue()));
    return ((Number) value).intValue();
  }

  // The checks shared with the other streaming sinks, their message turned into this sink's error reply.
  private static void check(Object id, Runnable rule) {
    try {
      rule.run();
    } catch (IllegalArgumentException e) {
      throw RequestError.badRequest(id, e.getMessage());
    }
  }

  private static String requiredString(Object id, JsonObject json, String field) {
    Object value = json.getValue(field);
    if (!(value instanceof String s)) {
      throw RequestError.badRequest(id, value == null ? "field '" + field + "' is required"
          : "field '" + field + "' must be a string");
    }
    return s;
  }

}
