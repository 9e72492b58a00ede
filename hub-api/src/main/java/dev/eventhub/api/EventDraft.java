package dev.eventhub.api;

import io.vertx.core.json.JsonObject;
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
 */
public record EventDraft(String id, String category, String event, String key, JsonObject data) {
  /** Longest category or event type name accepted. */
  public static final int MAX_NAME_LENGTH = 64;
  /** Longest key accepted. */
  public static final int MAX_KEY_LENGTH = 256;
  /** Longest producer-supplied id accepted. */
  public static final int MAX_ID_LENGTH = 128;

  private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");

  /** Copies {@code data} so that the draft cannot change after it was handed over. */
  public EventDraft {
    data = data == null ? new JsonObject() : data.copy();
  }

  /** A draft whose id the hub assigns. */
  public static EventDraft of(String category, String event, String key, JsonObject data) {
    return new EventDraft(null, category, event, key, data);
  }

  /** This draft with a producer-supplied id. */
  public EventDraft withId(String id) {
    return new EventDraft(id, category, event, key, data);
  }

  /** A copy of the payload. Overridden so the record stays immutable. */
  @Override
  public JsonObject data() {
    return data.copy();
  }

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
    return this;
  }

  /** Whether {@code name} is a valid category or event type name. */
  public static boolean isValidName(String name) {
    return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
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
