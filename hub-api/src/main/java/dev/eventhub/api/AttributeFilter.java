package dev.eventhub.api;

import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A selection on events' attributes, compiled for the per-event check of a live path: an event matches
 * when it has every named attribute with a value that the pair's {@link Glob} matches. An attribute the
 * event lacks matches nothing. {@link #NONE} (no pairs) matches every event and costs one branch.
 *
 * <p>Pairs come from a subscription's {@code "attributes": {"agent_id": "a-7", "task_id": "t-*"}}
 * ({@link #fromJson}) or from query parameters {@code attr=agent_id:a-7&attr=task_id:t-*} ({@link
 * #fromQuery}); both check the names and sizes the same way. Immutable and safe to share between threads.
 */
public final class AttributeFilter {
  /** Most pairs a filter may hold: as many as an event may carry attributes. */
  public static final int MAX_PAIRS = EventDraft.MAX_ATTRIBUTES;

  /** The filter without pairs: matches every event. */
  public static final AttributeFilter NONE = new AttributeFilter(Map.of());

  private final Map<String, String> pairs;
  private final String[] names;
  private final String[] patterns;
  private final boolean[] globs;

  private AttributeFilter(Map<String, String> pairs) {
    this.pairs = pairs;
    this.names = pairs.keySet().toArray(new String[0]);
    this.patterns = pairs.values().toArray(new String[0]);
    this.globs = new boolean[names.length];
    for (int i = 0; i < names.length; i++) {
      globs[i] = Glob.isGlob(patterns[i]);
    }
  }

  /**
   * A filter of checked pairs.
   *
   * @param field how the caller names the pairs in an error, e.g. {@code field 'attributes'}
   * @param pairs attribute names to values or globs; {@code null} or empty: {@link #NONE}
   * @throws HubException {@link ErrorCode#BAD_REQUEST} starting with {@code field}: more than {@link
   *     #MAX_PAIRS} pairs, a name not {@code [a-z0-9_.-]{1,64}}, a value or glob over {@link
   *     EventDraft#MAX_ATTRIBUTE_VALUE_LENGTH} characters
   */
  public static AttributeFilter of(String field, Map<String, String> pairs) {
    if (pairs == null || pairs.isEmpty()) {
      return NONE;
    }
    if (pairs.size() > MAX_PAIRS) {
      throw HubException.badRequest(field + " holds " + pairs.size() + " attributes: at most " + MAX_PAIRS);
    }
    Map<String, String> sorted = new TreeMap<>();
    pairs.forEach((name, pattern) -> {
      if (!EventDraft.isValidAttributeName(name)) {
        throw HubException.badRequest(field + ": attribute name '" + abbreviate(String.valueOf(name))
            + "' must match [a-z0-9_.-]{1," + EventDraft.MAX_ATTRIBUTE_NAME_LENGTH + "}");
      }
      if (pattern == null || pattern.length() > EventDraft.MAX_ATTRIBUTE_VALUE_LENGTH) {
        throw HubException.badRequest(field + ": the value of attribute '" + name + "' must be a string of at most "
            + EventDraft.MAX_ATTRIBUTE_VALUE_LENGTH + " characters");
      }
      sorted.put(name, pattern);
    });
    return new AttributeFilter(Collections.unmodifiableMap(sorted));
  }

  /**
   * The filter of a JSON value: absent ({@code null}) or an object of strings, as in a subscription's
   * {@code "attributes"} field.
   *
   * @param field how the caller names the value in an error, e.g. {@code field 'attributes'}
   * @throws HubException {@link ErrorCode#BAD_REQUEST} starting with {@code field}
   */
  public static AttributeFilter fromJson(String field, Object value) {
    if (value == null) {
      return NONE;
    }
    if (!(value instanceof JsonObject object)) {
      throw HubException.badRequest(field + " must be an object of attribute names to values or globs");
    }
    Map<String, String> pairs = new TreeMap<>();
    for (Map.Entry<String, Object> e : object) {
      if (!(e.getValue() instanceof String s)) {
        throw HubException.badRequest(field + ": the value of attribute '" + abbreviate(e.getKey())
            + "' must be a string");
      }
      pairs.put(e.getKey(), s);
    }
    return of(field, pairs);
  }

  /**
   * The filter of query parameter values, each {@code name:glob} (split at the first colon, which no
   * name holds), as the history API and the SSE sink take them in repeated {@code attr} parameters.
   *
   * @param parameter how the caller names the parameter in an error, e.g. {@code query parameter 'attr'}
   * @throws HubException {@link ErrorCode#BAD_REQUEST} starting with {@code parameter}: a value without
   *     a colon, a name given twice, or a pair {@link #of} refuses
   */
  public static AttributeFilter fromQuery(String parameter, List<String> values) {
    if (values == null || values.isEmpty()) {
      return NONE;
    }
    if (values.size() > MAX_PAIRS) {
      throw HubException.badRequest(parameter + " is given " + values.size() + " times: at most " + MAX_PAIRS);
    }
    Map<String, String> pairs = new TreeMap<>();
    for (String value : values) {
      int colon = value.indexOf(':');
      if (colon < 0) {
        throw HubException.badRequest(parameter + ": '" + abbreviate(value)
            + "' must be name:value (a value may be a glob), e.g. agent_id:a-7");
      }
      String name = value.substring(0, colon);
      if (pairs.put(name, value.substring(colon + 1)) != null) {
        throw HubException.badRequest(parameter + ": attribute '" + abbreviate(name) + "' is named twice");
      }
    }
    return of(parameter, pairs);
  }

  /** Whether the filter has no pairs (and so matches every event). */
  public boolean isEmpty() {
    return names.length == 0;
  }

  /** The pairs, names to values or globs, sorted by name; unmodifiable. */
  public Map<String, String> pairs() {
    return pairs;
  }

  /** Whether {@code event} has every attribute of this filter with a matching value. */
  public boolean matches(HubEvent event) {
    if (names.length == 0) {
      return true;
    }
    Map<String, String> actual = event.attributes();
    for (int i = 0; i < names.length; i++) {
      String value = actual.get(names[i]);
      if (value == null || !(globs[i] ? Glob.matches(patterns[i], value) : patterns[i].equals(value))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AttributeFilter other && pairs.equals(other.pairs);
  }

  @Override
  public int hashCode() {
    return pairs.hashCode();
  }

  @Override
  public String toString() {
    return "AttributeFilter" + pairs;
  }

  private static String abbreviate(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
