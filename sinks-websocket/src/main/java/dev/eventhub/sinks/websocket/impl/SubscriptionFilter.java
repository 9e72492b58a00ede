package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.Glob;
import dev.eventhub.api.HubEvent;
import java.util.List;
import java.util.Set;

/** Which events a subscription selects, compiled for the per-event check of the live path. */
final class SubscriptionFilter {
  private final List<String> categories;
  private final boolean globCategories;
  private final List<String> events;
  private final Set<String> keys;
  private final EventFilter history;
  private final int patterns;

  SubscriptionFilter(List<String> categories, List<String> events, List<String> keys) {
    this.categories = List.copyOf(categories);
    this.globCategories = categories.stream().anyMatch(Glob::isGlob);
    this.events = events.contains("*") ? List.of() : List.copyOf(events);
    this.keys = Set.copyOf(keys);
    this.history = new EventFilter(this.categories, this.events, List.copyOf(keys));
    this.patterns = categories.size() + events.size() + keys.size();
  }

  /** How many categories, events and keys the subscription named: what counts toward maxPatternsPerConnection. */
  int patterns() {
    return patterns;
  }

  /** The category names or globs. */
  List<String> categories() {
    return categories;
  }

  /** Whether a category is a glob: such a subscription is checked against every event. */
  boolean globCategories() {
    return globCategories;
  }

  /** The same selection, for reading history. */
  EventFilter toEventFilter() {
    return history;
  }

  boolean matches(HubEvent event) {
    return any(categories, event.category()) && matchesBesidesCategory(event);
  }

  /** Whether the event's type and key are selected: for an event the index found under one of the category names. */
  boolean matchesBesidesCategory(HubEvent event) {
    return (events.isEmpty() || any(events, event.event()))
        && (keys.isEmpty() || (event.key() != null && keys.contains(event.key())));
  }

  private static boolean any(List<String> patterns, String value) {
    for (int i = 0; i < patterns.size(); i++) {
      if (Glob.matches(patterns.get(i), value)) {
        return true;
      }
    }
    return false;
  }
}
