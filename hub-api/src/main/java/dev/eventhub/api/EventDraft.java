package dev.eventhub.api;

import io.vertx.core.json.EncodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.jackson.JacksonCodec;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * An event a producer asks the hub to record: what {@link EventPublisher} takes.
 *
 * <p>The hub assigns the cursor and the timestamp, and the id unless the producer supplies one.
 * A producer that may send the same event twice (a retry after a timeout) supplies its own id: the
 * hub records an id once and answers a repeat with the first record.
 *
 * @param id the producer's id for idempotent publishing, or {@code null} to let the hub assign one
 * @param category the category, {@code [a-z0-9-]+}
 * @param event the event type, {@code [a-z0-9-]+} (kebab-case)
 * @param key the routing key, or {@code null}
 * @param data the payload; {@code null} means an empty object. Copied on construction.
 * @param attributes the event's attributes: names {@code [a-z0-9_.-]{1,64}} to string values, at most {@link
 *     #MAX_ATTRIBUTES}, each value at most {@link #MAX_ATTRIBUTE_VALUE_LENGTH} characters (checked by {@link
 *     #validate()}); {@code null} means none. Copied on construction, kept sorted by name.
 */
public record EventDraft(String id, String category, String event, String key, JsonObject data,
    Map<String, String> attributes) {
  /** Longest category or event type name accepted. */
  public static final int MAX_NAME_LENGTH = 64;
  /** Longest key accepted. */
  public static final int MAX_KEY_LENGTH = 256;
  /** Longest producer-supplied id accepted. */
  public static final int MAX_ID_LENGTH = 128;

  /** Most attributes an event may carry. */
  public static final int MAX_ATTRIBUTES = 16;
  /** Longest attribute name accepted. */
  public static final int MAX_ATTRIBUTE_NAME_LENGTH = 64;
  /** Longest attribute value accepted. */
  public static final int MAX_ATTRIBUTE_VALUE_LENGTH = 256;

  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9_.-]{1," + MAX_ATTRIBUTE_NAME_LENGTH + "}");

  /**
   * Copies {@code data} and {@code attributes} so that the draft cannot change after it was handed over.
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} when an attribute name or value is {@code null}
   */
  public EventDraft {
    data = data == null ? new JsonObject() : data.copy();
    attributes = copyAttributes(attributes);
  }

  /**
   * A draft without attributes: the constructor of the first releases, kept for their callers.
   *
   * @param id the producer's id for idempotent publishing, or {@code null} to let the hub assign one
   * @param category the category, {@code [a-z0-9-]+}
   * @param event the event type, {@code [a-z0-9-]+} (kebab-case)
   * @param key the routing key, or {@code null}
   * @param data the payload; {@code null} means an empty object
   */
  public EventDraft(String id, String category, String event, String key, JsonObject data) {
    this(id, category, event, key, data, null);
  }

  /** A draft whose id the hub assigns. */
  public static EventDraft of(String category, String event, String key, JsonObject data) {
    return new EventDraft(null, category, event, key, data);
  }

  /** This draft with a producer-supplied id. */
  public EventDraft withId(String id) {
    return new EventDraft(id, category, event, key, data, attributes);
  }

  /** This draft with {@code attributes} instead of its own ({@code null} or empty: none). */
  public EventDraft withAttributes(Map<String, String> attributes) {
    return new EventDraft(id, category, event, key, data, attributes);
  }

  /** This draft with one more attribute (or another value for one it has). */
  public EventDraft withAttribute(String name, String value) {
    Map<String, String> more = new TreeMap<>(attributes);
    more.put(checkNotNull(name, "attribute names"), checkNotNull(value, "attribute values"));
    return new EventDraft(id, category, event, key, data, more);
  }

  /**
   * This draft with one more attribute when {@code value} is not null and within {@link
   * #MAX_ATTRIBUTE_VALUE_LENGTH}, this draft otherwise: for a source labelling its events with ids it may
   * not have, where a missing label must not fail the event.
   */
  public EventDraft withOptionalAttribute(String name, String value) {
    return value == null || value.length() > MAX_ATTRIBUTE_VALUE_LENGTH ? this : withAttribute(name, value);
  }

  /**
   * Reads a draft in the hub's JSON format ({@code category}, {@code event}, {@code key}, {@code id},
   * {@code data}, {@code attributes}; docs/protocol.md): the one parser of drafts from JSON, used by {@code
   * POST /api/events} and every other way in that takes the hub's format. Checks the fields' types; {@link
   * #validate()} checks their values.
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming the field that is missing or ill-typed
   */
  public static EventDraft fromJson(JsonObject json) {
    String category = text(json, "category", true);
    String event = text(json, "event", true);
    String key = text(json, "key", false);
    String id = text(json, "id", false);
    Object data = json.getValue("data");
    if (data != null && !(data instanceof JsonObject)) {
      throw HubException.badRequest("field 'data' must be a JSON object");
    }
    return new EventDraft(id, category, event, key, (JsonObject) data, attributesFromJson(json.getValue("attributes")));
  }

  /**
   * Reads the {@code attributes} field of the hub's JSON format: absent ({@code null}) or an object whose
   * values are strings. Checks types only; {@link #validate()} checks the limits.
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming what is ill-typed
   */
  public static Map<String, String> attributesFromJson(Object value) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof JsonObject object)) {
      throw HubException.badRequest("field 'attributes' must be an object of string values");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : object) {
      if (!(e.getValue() instanceof String s)) {
        throw HubException.badRequest("attribute '" + abbreviate(e.getKey()) + "' must be a string");
      }
      out.put(e.getKey(), s);
    }
    return out;
  }

  /** The attributes, sorted by name; unmodifiable. */
  @Override
  public Map<String, String> attributes() {
    return attributes;
  }

  /** A copy of the payload. Overridden so the record stays immutable. */
  @Override
  public JsonObject data() {
    return data.copy();
  }

  /**
   * The payload as JSON text, encoded from the draft's own payload: what a store records, without the copy
   * that {@link #data()} makes (issue 24: the log encodes every draft it appends).
   *
   * @return the payload encoded as a JSON object
   */
  public String encodeData() {
    try {
      // Issue 24: Jackson's streaming generator, as Vert.x's core codec drives it, writes the JSON types the same
      // text as the databind codec behind JsonObject.encode(), without a serializer provider built per call (a
      // tenth of the hub's samples when it ingests).
      return STREAMING.toString(data, false);
    } catch (EncodeException other) {
      // A value only databind knows how to write: none that a draft's copy of its payload admits, kept as a guard.
      return data.encode();
    }
  }

  private static final JacksonCodec STREAMING = new JacksonCodec();

  /**
   * Checks the draft against the protocol's rules.
   *
   * @return this draft
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming the first field that is wrong
   */
  public EventDraft validate() {
    checkName("category", category);
    checkName("event", event);
    if (key != null && (key.isEmpty() || key.length() > MAX_KEY_LENGTH)) {
      throw HubException.badRequest("field 'key' must be 1 to " + MAX_KEY_LENGTH + " characters or null");
    }
    if (id != null && (id.isBlank() || id.length() > MAX_ID_LENGTH)) {
      throw HubException.badRequest("field 'id' must be 1 to " + MAX_ID_LENGTH + " characters or absent");
    }
    checkAttributes(attributes);
    return this;
  }

  /**
   * Checks attributes against the protocol's limits: at most {@link #MAX_ATTRIBUTES}, names {@code
   * [a-z0-9_.-]{1,64}}, values at most {@link #MAX_ATTRIBUTE_VALUE_LENGTH} characters.
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming the limit that is exceeded
   */
  public static void checkAttributes(Map<String, String> attributes) {
    if (attributes.size() > MAX_ATTRIBUTES) {
      throw HubException.badRequest("field 'attributes' holds " + attributes.size() + " names: an event has at most "
          + MAX_ATTRIBUTES + " attributes");
    }
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      if (!isValidAttributeName(e.getKey())) {
        throw HubException.badRequest("attribute name '" + abbreviate(e.getKey()) + "' must match [a-z0-9_.-]{1,"
            + MAX_ATTRIBUTE_NAME_LENGTH + "}");
      }
      if (e.getValue().length() > MAX_ATTRIBUTE_VALUE_LENGTH) {
        throw HubException.badRequest("attribute '" + e.getKey() + "' must be at most " + MAX_ATTRIBUTE_VALUE_LENGTH
            + " characters, got " + e.getValue().length());
      }
    }
  }

  /** Whether {@code name} is a valid attribute name: {@code [a-z0-9_.-]{1,64}}. */
  public static boolean isValidAttributeName(String name) {
    return name != null && name.length() <= MAX_ATTRIBUTE_NAME_LENGTH && ATTRIBUTE_NAME.matcher(name).matches();
  }

  private static Map<String, String> copyAttributes(Map<String, String> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, String> copy = new TreeMap<>();
    attributes.forEach((name, value) ->
        copy.put(checkNotNull(name, "attribute names"), checkNotNull(value, "attribute values")));
    return Collections.unmodifiableMap(copy);
  }

  private static String checkNotNull(String value, String what) {
    if (value == null) {
      throw HubException.badRequest(what + " must not be null");
    }
    return value;
  }

  private static String text(JsonObject json, String field, boolean required) {
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
    return s;
  }

  /** Whether {@code name} is a valid category or event type name. */
  public static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    // [a-z0-9-]+ by hand: checked twice per published event, where a regex matcher was 2% of an ingest's CPU.
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static void checkName(String field, String value) {
    if (value == null) {
      throw HubException.badRequest("field '" + field + "' is required");
    }
    if (!isValidName(value)) {
      throw HubException.badRequest(
          "field '" + field + "' must match [a-z0-9-]+ and be at most " + MAX_NAME_LENGTH
              + " characters, got '" + abbreviate(value) + "'");
    }
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
