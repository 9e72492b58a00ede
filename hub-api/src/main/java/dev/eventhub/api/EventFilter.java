package dev.eventhub.api;

import java.util.List;

/**
 * Which events a reader or subscriber wants: the protocol's {@code categories}, {@code events} and
 * {@code keys}.
 *
 * @param categories category names or globs; at least one
 * @param events globs on the event type; empty means every type
 * @param keys exact keys; empty means every key
 */
public record EventFilter(List<String> categories, List<String> events, List<String> keys) {
  /** Copies the lists; {@code null} events or keys mean "all". */
  public EventFilter {
    categories = List.copyOf(categories);
    events = events == null ? List.of() : List.copyOf(events);
    keys = keys == null ? List.of() : List.copyOf(keys);
    if (categories.isEmpty()) {
      throw HubException.badRequest("field 'categories' must not be empty");
    }
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
        && (keys.isEmpty() || (event.key() != null && keys.contains(event.key())));
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
