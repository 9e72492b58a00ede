package dev.eventhub.kit.stream;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import dev.eventhub.api.EventQuery;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The checks every streaming sink makes of a subscription request, so that a WebSocket {@code
 * subscribe} frame and an SSE query string accept the same values and say the same about a wrong one.
 * Each check throws {@link IllegalArgumentException} whose message starts with the {@code name} it was
 * given (e.g. {@code "field 'keys'"} or {@code "parameter 'keys'"}); the sink turns it into its own
 * error reply.
 */
public final class StreamRules {
  /** Entries of {@code categories}, {@code events} or {@code keys} accepted at most. */
  public static final int MAX_LIST_SIZE = 1000;
  /** The longest cursor accepted in {@code since}. */
  public static final int MAX_CURSOR_LENGTH = 128;

  private static final Pattern PATTERN = Pattern.compile("[a-z0-9*-]+");

  private StreamRules() {}

  /** A list's size: at most {@link #MAX_LIST_SIZE}. */
  public static void checkSize(String name, int size) {
    if (size > MAX_LIST_SIZE) {
      throw new IllegalArgumentException(name + " holds at most " + MAX_LIST_SIZE + " entries");
    }
  }

  /** Category or event names and globs: {@code [a-z0-9*-]}, at most {@link EventDraft#MAX_NAME_LENGTH}. */
  public static void checkPatterns(String name, List<String> values) {
    checkSize(name, values.size());
    for (String v : values) {
      if (v.length() > EventDraft.MAX_NAME_LENGTH || !PATTERN.matcher(v).matches()) {
        throw new IllegalArgumentException(name + ": '" + abbreviate(v) + "' must be a name or a glob of [a-z0-9*-], at most "
            + EventDraft.MAX_NAME_LENGTH + " characters");
      }
    }
  }

  /** Exact keys: 1 to {@link EventDraft#MAX_KEY_LENGTH} characters each. */
  public static void checkKeys(String name, List<String> keys) {
    checkSize(name, keys.size());
    for (String k : keys) {
      if (k.isEmpty() || k.length() > EventDraft.MAX_KEY_LENGTH) {
        throw new IllegalArgumentException(name + ": each key must be 1 to " + EventDraft.MAX_KEY_LENGTH + " characters");
      }
    }
  }

  /** A cursor to replay after: non-empty, at most {@link #MAX_CURSOR_LENGTH} characters; its meaning is the log's. */
  public static void checkCursor(String name, String cursor) {
    if (cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
      throw new IllegalArgumentException(name + " must be a cursor: a non-empty string of at most " + MAX_CURSOR_LENGTH
          + " characters");
    }
  }

  /** How many of the last events to replay: 1 to {@link EventQuery#MAX_LIMIT}. */
  public static void checkLast(String name, long last) {
    if (last < 1 || last > EventQuery.MAX_LIMIT) {
      throw new IllegalArgumentException(name + " must be an integer from 1 to " + EventQuery.MAX_LIMIT);
    }
  }

  /**
   * A subscription's {@code attributes}: absent ({@code null}) or a JSON object of attribute names to values
   * or globs (see {@link AttributeFilter#fromJson}).
   */
  public static AttributeFilter attributes(String name, Object json) {
    try {
      return AttributeFilter.fromJson(name, json);
    } catch (HubException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /**
   * Attribute pairs given as query parameter values {@code name:glob} (a repeated {@code attr} parameter;
   * see {@link AttributeFilter#fromQuery}); none: {@link AttributeFilter#NONE}.
   */
  public static AttributeFilter attributesFromQuery(String name, List<String> values) {
    try {
      return AttributeFilter.fromQuery(name, values);
    } catch (HubException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** The first 40 characters of a value a client sent, for an error message. */
  public static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
