package dev.eventhub.api;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An event as the hub recorded it: the event of docs/protocol.md.
 *
 * <pre>{@code
 * {"id":"0f8c...","cursor":"000000000000042a","category":"scheduler","event":"schedule-executed",
 *  "key":"nightly-report","timestamp":"2026-11-21T12:34:56.789Z","data":{"executionId":"e-17"}}
 * }</pre>
 *
 * <p>An event may carry {@link #attributes()}: string values by name, written as an {@code "attributes"}
 * object after {@code key}, and left out of the JSON when there are none.
 *
 * <p>Instances are immutable and safe to share between threads and plugins: {@link #data()} hands
 * out a copy, and the JSON text of the envelope is computed once ({@link #encode()}) so that a sink
 * fanning one event out to many clients serializes it once.
 *
 * <p>Only the hub creates recorded events; producers submit an {@link EventDraft}. Clients and
 * tests may rebuild one from its JSON with {@link #fromJson(JsonObject)}.
 */
public final class HubEvent {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final long MIN_FAST_SECOND = LocalDate.of(0, 1, 1).toEpochDay() * 86_400L;
  private static final long MAX_FAST_SECOND = LocalDate.of(10_000, 1, 1).toEpochDay() * 86_400L - 1;

  private final String id;
  private final String cursor;
  private final String category;
  private final String event;
  private final String key;
  private final Instant timestamp;
  private final Map<String, String> attributes;
  // The payload is kept as an object, as JSON text, or both: whichever the event was made from, the
  // other computed on first use. A store that keeps JSON text never parses it to replay it.
  private volatile JsonObject data;
  private volatile String dataJson;
  private volatile String encoded;

  /**
   * Creates a recorded event. Called by the hub's log; plugins receive events, they do not make
   * them.
   *
   * @param id the event's unique id
   * @param cursor its position in the log
   * @param category its category, {@code [a-z0-9-]+}
   * @param event its type inside the category, kebab-case
   * @param key its routing key, or {@code null}
   * @param timestamp when it was recorded; kept to the millisecond
   * @param data its payload; copied, so later changes to the argument do not show
   */
  public HubEvent(
      String id,
      String cursor,
      String category,
      String event,
      String key,
      Instant timestamp,
      JsonObject data) {
    this(id, cursor, category, event, key, timestamp, data, null);
  }

  /**
   * Creates a recorded event with attributes. Called by the hub's log; plugins receive events, they do
   * not make them.
   *
   * @param id the event's unique id
   * @param cursor its position in the log
   * @param category its category, {@code [a-z0-9-]+}
   * @param event its type inside the category, kebab-case
   * @param key its routing key, or {@code null}
   * @param timestamp when it was recorded; kept to the millisecond
   * @param data its payload; copied, so later changes to the argument do not show
   * @param attributes its attributes by name; {@code null} means none; copied
   */
  public HubEvent(
      String id,
      String cursor,
      String category,
      String event,
      String key,
      Instant timestamp,
      JsonObject data,
      Map<String, String> attributes) {
    this.id = Objects.requireNonNull(id, "id");
    this.cursor = Objects.requireNonNull(cursor, "cursor");
    this.category = Objects.requireNonNull(category, "category");
    this.event = Objects.requireNonNull(event, "event");
    this.key = key;
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
    this.attributes = copy(attributes);
    this.data = data == null ? new JsonObject() : data.copy();
  }

  private HubEvent(String id, String cursor, String category, String event, String key, Instant timestamp,
      String dataJson, Map<String, String> attributes) {
    this.id = Objects.requireNonNull(id, "id");
    this.cursor = Objects.requireNonNull(cursor, "cursor");
    this.category = Objects.requireNonNull(category, "category");
    this.event = Objects.requireNonNull(event, "event");
    this.key = key;
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
    this.attributes = copy(attributes);
    this.dataJson = Objects.requireNonNull(dataJson, "dataJson");
  }

  // Sorted by name, so that an event's JSON is the same whatever order the producer gave them in.
  private static Map<String, String> copy(Map<String, String> attributes) {
    if (attributes == null || attributes.isEmpty()) {
      return Map.of();
    }
    Map<String, String> sorted = new TreeMap<>();
    attributes.forEach((name, value) -> sorted.put(Objects.requireNonNull(name, "attribute name"),
        Objects.requireNonNull(value, "attribute value")));
    return Collections.unmodifiableMap(sorted);
  }

  /**
   * Creates a recorded event whose payload is given as the compact JSON text of an object, as a
   * store keeps it: the text is used as it is for {@link #encode()} and parsed only if {@link
   * #data()} is called. The caller vouches that the text is a JSON object.
   */
  public static HubEvent withEncodedData(String id, String cursor, String category, String event, String key,
      Instant timestamp, String dataJson) {
    return new HubEvent(id, cursor, category, event, key, timestamp, dataJson, null);
  }

  /**
   * As {@link #withEncodedData(String, String, String, String, String, Instant, String)}, for an event
   * with attributes ({@code null} or empty: none).
   */
  public static HubEvent withEncodedData(String id, String cursor, String category, String event, String key,
      Instant timestamp, String dataJson, Map<String, String> attributes) {
    return new HubEvent(id, cursor, category, event, key, timestamp, dataJson, attributes);
  }

  /** The unique id, assigned by the hub or supplied by the producer for idempotent publishing. */
  public String id() {
    return id;
  }

  /**
   * The event's position in the log: opaque to clients. Cursors of one log are strings of equal
   * length whose natural order ({@link String#compareTo}) is log order, so a sink may compare them.
   */
  public String cursor() {
    return cursor;
  }

  /** The category (source family), e.g. {@code scheduler}. */
  public String category() {
    return category;
  }

  /** The event type inside its category, e.g. {@code schedule-executed}. */
  public String event() {
    return event;
  }

  /** The routing key inside the category (session id, job id, ...); may be {@code null}. */
  public String key() {
    return key;
  }

  /**
   * The event's attributes, sorted by name: what subscriptions and history filter on besides category,
   * type and key (an agent's id, a task's id). Empty when the event has none; unmodifiable.
   */
  public Map<String, String> attributes() {
    return attributes;
  }

  /** The value of attribute {@code name}, or {@code null} when the event has no such attribute. */
  public String attribute(String name) {
    return attributes.get(name);
  }

  /** When the hub recorded the event, to the millisecond. */
  public Instant timestamp() {
    return timestamp;
  }

  /** A copy of the payload: change it freely. */
  public JsonObject data() {
    return dataObject().copy();
  }

  /** The payload as compact JSON text. */
  public String dataJson() {
    String text = dataJson;
    if (text == null) {
      text = data.encode();
      dataJson = text;
    }
    return text;
  }

  private JsonObject dataObject() {
    JsonObject object = data;
    if (object == null) {
      object = new JsonObject(dataJson);
      data = object;
    }
    return object;
  }

  /** The timestamp as the protocol writes it: ISO-8601 UTC with exactly three fraction digits. */
  public String timestampText() {
    return formatTimestamp(timestamp);
  }

  /** A new JSON object holding the envelope; change it freely. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("id", id)
        .put("cursor", cursor)
        .put("category", category)
        .put("event", event)
        .put("key", key);
    if (!attributes.isEmpty()) {
      json.put("attributes", new JsonObject(new java.util.LinkedHashMap<>(attributes)));
    }
    return json.put("timestamp", timestampText()).put("data", data());
  }

  /**
   * The envelope as compact JSON text, computed on first use and then shared: sinks write this
   * (or frames built around it) instead of serializing the event again per client.
   */
  public String encode() {
    String text = encoded;
    if (text == null) {
      // A benign race: two threads may both encode, and both get equal text.
      String payload = dataJson();
      StringBuilder out = new StringBuilder(120 + payload.length() + id.length())
          .append("{\"id\":").append(quote(id))
          .append(",\"cursor\":\"").append(cursor)
          .append("\",\"category\":\"").append(category)
          .append("\",\"event\":\"").append(event)
          .append("\",\"key\":").append(key == null ? "null" : quote(key));
      appendAttributes(out);
      out.append(",\"timestamp\":\"").append(timestampText())
          .append("\",\"data\":").append(payload).append('}');
      text = out.toString();
      encoded = text;
    }
    return text;
  }

  // Nothing when there are none: an event without attributes encodes as it did before they existed.
  private void appendAttributes(StringBuilder out) {
    if (attributes.isEmpty()) {
      return;
    }
    out.append(",\"attributes\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : attributes.entrySet()) {
      out.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      first = false;
    }
    out.append('}');
  }

  /**
   * Rebuilds an event from its envelope, as a client receives it.
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} when a required field is missing or ill-typed
   */
  public static HubEvent fromJson(JsonObject json) {
    try {
      return new HubEvent(
          required(json, "id"),
          required(json, "cursor"),
          required(json, "category"),
          required(json, "event"),
          json.getString("key"),
          Instant.parse(required(json, "timestamp")),
          json.getJsonObject("data"),
          EventDraft.attributesFromJson(json.getValue("attributes")));
    } catch (ClassCastException | java.time.format.DateTimeParseException e) {
      throw HubException.badRequest("not an event envelope: " + e.getMessage());
    }
  }

  /** Formats an instant as the protocol does: {@code 2026-11-21T12:34:50.100Z}. */
  public static String formatTimestamp(Instant instant) {
    // By hand for years 0 to 9999 (java.time's fraction printer goes through BigDecimal: a replay formats
    // hundreds of thousands of these a second); the formatter for the rest.
    if (instant.getEpochSecond() < MIN_FAST_SECOND || instant.getEpochSecond() > MAX_FAST_SECOND) {
      return TIMESTAMP.format(instant);
    }
    long second = instant.getEpochSecond();
    int secondOfDay = (int) Math.floorMod(second, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(second, 86_400L));
    byte[] text = new byte[24];
    digits(text, 0, date.getYear(), 4);
    text[4] = '-';
    digits(text, 5, date.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, date.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, secondOfDay / 3600, 2);
    text[13] = ':';
    digits(text, 14, secondOfDay / 60 % 60, 2);
    text[16] = ':';
    digits(text, 17, secondOfDay % 60, 2);
    text[19] = '.';
    digits(text, 20, instant.getNano() / 1_000_000, 3);
    text[23] = 'Z';
    return new String(text, StandardCharsets.US_ASCII);
  }

  private static void digits(byte[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }

  // Cursor, category, event and timestamp need no escaping by construction; ids and keys may, rarely:
  // only those go through the JSON encoder.
  private static String quote(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\') {
        return io.vertx.core.json.Json.encode(value);
      }
    }
    return '"' + value + '"';
  }

  private static String required(JsonObject json, String field) {
    String value = json.getString(field);
    if (value == null) {
      throw HubException.badRequest("field '" + field + "' is required");
    }
    return value;
  }

  /** Events are equal when they are the same record of the same log: same id and cursor. */
  @Override
  public boolean equals(Object o) {
    return o instanceof HubEvent other && id.equals(other.id) && cursor.equals(other.cursor);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + cursor.hashCode();
  }

  @Override
  public String toString() {
    return "HubEvent[" + category + "/" + event + " key=" + key + " cursor=" + cursor + " id=" + id + "]";
  }
}
