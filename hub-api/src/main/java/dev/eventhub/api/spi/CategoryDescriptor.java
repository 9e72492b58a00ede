package dev.eventhub.api.spi;

import java.util.List;
import java.util.Objects;

/**
 * A category a plugin publishes, with its event types: the plugin's event catalog, served by
 * {@code /api/categories}.
 *
 * <p>When the operator restricts publishing to declared categories, a category that no running
 * plugin declares cannot be published to.
 *
 * @param name the category, {@code [a-z0-9-]+}
 * @param description one line saying what the category is about
 * @param events the event types the category holds
 */
public record CategoryDescriptor(String name, String description, List<EventTypeDescriptor> events) {
  /** Copies the list. */
  public CategoryDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    events = List.copyOf(events);
  }

  /** Shorthand for the constructor. */
  public static CategoryDescriptor of(String name, String description, EventTypeDescriptor... events) {
    return new CategoryDescriptor(name, description, List.of(events));
  }
}
