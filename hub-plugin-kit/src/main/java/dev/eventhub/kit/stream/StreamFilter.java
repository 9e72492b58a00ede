package dev.eventhub.kit.stream;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.Glob;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubPrincipal;
import java.util.List;
import java.util.Set;

/**
 * Which events a subscription selects: category names or globs (at least one), event types or globs
 * (none or {@code *}: every type), exact keys (none: every key) and attribute pairs (none: every event;
 * see {@link AttributeFilter}). Compiled once for the per-event
 * check of the live path; {@link #toEventFilter()} is the same selection for reading history, so
 * replayed and live events are selected alike.
 *
 * <p>A subscriber whose token holds per-key grants ({@code subscribe:workflow/job-*}) gets the filter
 * {@link #readableBy(HubPrincipal) readable by} it: the live check then also asks {@link
 * HubPrincipal#mayRead}, and history must be read through {@code GrantedHistory}.
 *
 * <p>Immutable and safe to share between threads. The lists are expected checked by
 * {@link StreamRules} first.
 */
public final class StreamFilter {
  private final List<String> categories;
  private final boolean globCategories;
  private final List<String> events;
  private final Set<String> keys;
  private final AttributeFilter attributes;
  private final EventFilter history;
  private final int patterns;
  // Null: no per-key grant narrows the selection.
  private final HubPrincipal reader;

  /**
   * @param categories the category names or globs; not empty
   * @param events the event types or globs; empty for every type
   * @param keys the exact keys; empty for every key
   */
  public StreamFilter(List<String> categories, List<String> events, List<String> keys) {
    this(categories, events, keys, AttributeFilter.NONE);
  }

  /**
   * @param categories the category names or globs; not empty
   * @param events the event types or globs; empty for every type
   * @param keys the exact keys; empty for every key
   * @param attributes the attribute pairs every selected event matches; {@link AttributeFilter#NONE} (or
   *     {@code null}) for every event
   */
  public StreamFilter(List<String> categories, List<String> events, List<String> keys, AttributeFilter attributes) {
    this.categories = List.copyOf(categories);
    this.globCategories = categories.stream().anyMatch(Glob::isGlob);
    this.events = events.contains("*") ? List.of() : List.copyOf(events);
    this.keys = Set.copyOf(keys);
    this.attributes = attributes == null ? AttributeFilter.NONE : attributes;
    this.history = new EventFilter(this.categories, this.events, List.copyOf(keys), this.attributes.pairs());
    this.patterns = categories.size() + events.size() + keys.size() + this.attributes.pairs().size();
    this.reader = null;
  }

  private StreamFilter(StreamFilter selection, HubPrincipal reader) {
    this.categories = selection.categories;
    this.globCategories = selection.globCategories;
    this.events = selection.events;
    this.keys = selection.keys;
    this.attributes = selection.attributes;
    this.history = selection.history;
    this.patterns = selection.patterns;
    this.reader = reader;
  }

  /**
   * This selection narrowed to the events {@code reader} may read ({@link HubPrincipal#mayRead}); this
   * filter itself when the reader holds no per-key grant, so unrestricted subscribers pay nothing.
   */
  public StreamFilter readableBy(HubPrincipal reader) {
    return reader.keyRestricted() ? new StreamFilter(this, reader) : this;
  }

  /**
   * How many categories, events, keys and attribute pairs the subscription named: what a sink counts
   * toward its limit of patterns per connection.
   */
  public int patterns() {
    return patterns;
  }

  /** The category names or globs. */
  public List<String> categories() {
    return categories;
  }

  /** The event types or globs; empty for every type. */
  public List<String> events() {
    return events;
  }

  /** The exact keys; empty for every key. */
  public Set<String> keys() {
    return keys;
  }

  /** The attribute pairs; {@link AttributeFilter#NONE} when the subscription names none. */
  public AttributeFilter attributes() {
    return attributes;
  }

  /** Whether a category is a glob: such a subscription must be checked against every event. */
  public boolean globCategories() {
    return globCategories;
  }

  /** The same selection, for reading history ({@code EventHistory}). */
  public EventFilter toEventFilter() {
    return history;
  }

  /** Whether the event is selected. */
  public boolean matches(HubEvent event) {
    return any(categories, event.category()) && matchesBesidesCategory(event);
  }

  /**
   * Whether the event's type, key and attributes are selected: for an event a sink found by one of the category
   * names (an index by category), whose category is known to match.
   */
  public boolean matchesBesidesCategory(HubEvent event) {
    return (events.isEmpty() || any(events, event.event()))
        && (keys.isEmpty() || (event.key() != null && keys.contains(event.key())))
        && attributes.matches(event)
        && (reader == null || reader.mayRead(event));
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
