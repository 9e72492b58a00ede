package dev.eventhub.api.spi;

import java.util.Objects;

/**
 * One event type a category holds, as {@code /api/categories} lists it.
 *
 * @param name the type, kebab-case, e.g. {@code schedule-executed}
 * @param description one line saying when the event is published and what its data holds
 */
public record EventTypeDescriptor(String name, String description) {
  /** Checks that both are present. */
  public EventTypeDescriptor {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
  }

  /** Shorthand for the constructor. */
  public static EventTypeDescriptor of(String name, String description) {
    return new EventTypeDescriptor(name, description);
  }
}
