package dev.eventhub.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which events a reader or subscriber wants: the protocol's {@code categories}, {@code events},
 * {@code keys} and {@code attributes}.
 *
 * @param categories category names or globs; at least one
 * @param events globs on the event type; empty means every type
 * @param keys exact keys; empty means every key
 * @param attributes attribute names to values or globs: an event matches when it has every named
 *     attribute with a matching value; empty means every event
 */
public record EventFilter(List<String> categories, List<String> events, List<String> keys,
    Map<String, String> attributes) {
  /** Copies the lists and the map; {@code null} events, keys or attributes mean "all". */
  public EventFilter {
    categories = List.copyOf(categories);
    events = events == null ? List.of() : List.copyOf(events);
    keys = keys == null ? List.of() : List.copyOf(keys);
    attributes = attributes == null || attributes.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new TreeMap<>(attributes));
    if (categories.isEmpty()) {
      throw HubException.badRequest("field 'categories' must not be empty");
    }
  }

  /**
   * A filter without attributes: the constructor of the first releases, kept for their callers.
   *
   * @param categories category names or globs; at least one
   * @param events globs on the event type; empty means every type
   * @param keys exact keys; empty means every key
   */
  public EventFilter(List<String> categories, List<String> events, List<String> keys) {
    this(categories, events, keys, null);
  }

  /** This filter also requiring {@code attributes} (names to values or globs); {@code null} or empty: none. */
  public EventFilter withAttributes(Map<String, String> attributes) {
    return new EventFilter(categories, events, keys, attributes);
  }

  /** Every event of the given categories (names or globs). */
  public static EventFilter categories(String... categories) {
    return new EventFilter(List.of(categories), List.of(), List.of());
  }

  /** Every event of every category. */
  public static EventFilter all() {
    return categories("*");
  }

  /** Whether {@code event} is selected by this filter. */
  public boolean matches(HubEvent event) {
    return matchesCategory(event.category())
        && matchesAny(events, event.event())
        && (keys.isEmpty() || (event.key() != null && keys.contains(event.key())))
        && matchesAttributes(attributes, event);
  }

  /**
   * Whether {@code event} has every attribute of {@code wanted} with a value its glob matches; an
   * attribute the event lacks matches nothing. Empty {@code wanted} matches every event.
   */
  public static boolean matchesAttributes(Map<String, String> wanted, HubEvent event) {
    if (wanted.isEmpty()) {
      return true;
    }
    Map<String, String> actual = event.attributes();
    for (Map.Entry<String, String> w : wanted.entrySet()) {
      String value = actual.get(w.getKey());
      if (value == null || !Glob.matches(w.getValue(), value)) {
        return false;
      }
    }
    return true;
  }

  /** Whether this filter can select events of {@code category}. */
  public boolean matchesCategory(String category) {
    for (String pattern : categories) {
      if (Glob.matches(pattern, category)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matchesAny(List<String> patterns, String value) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (String pattern : patterns) {
      if (Glob.matches(pattern, value)) {
        return true;
      }
    }
    return false;
  }
}
