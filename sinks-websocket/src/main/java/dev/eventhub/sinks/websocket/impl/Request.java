package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.kit.stream.Overflow;
import java.util.List;

/** A client's request, parsed and checked by {@link RequestParser}. {@code id} is echoed in every reply. */
sealed interface Request {
  /** The client's id for the request: a String, a Number or {@code null}. */
  Object id();

  /** {@code subscribe}; {@code last} is {@code null} or 1 to 1000, and never set together with {@code since}. */
  record Subscribe(Object id, List<String> categories, List<String> events, List<String> keys, String since,
      Integer last, boolean batch, Overflow overflow, AttributeFilter attributes) implements Request {
    /** A subscription without attribute pairs. */
    Subscribe(Object id, List<String> categories, List<String> events, List<String> keys, String since,
        Integer last, boolean batch, Overflow overflow) {
      this(id, categories, events, keys, since, last, batch, overflow, AttributeFilter.NONE);
    }

    /** A subscription that is closed when it falls behind (the default overflow policy). */
    Subscribe(Object id, List<String> categories, List<String> events, List<String> keys, String since,
        Integer last, boolean batch) {
      this(id, categories, events, keys, since, last, batch, Overflow.CLOSE);
    }

    boolean replays() {
      return since != null || last != null;
    }
  }

  /** {@code unsubscribe}. */
  record Unsubscribe(Object id, String subscription) implements Request {}

  /** {@code ping}. */
  record Ping(Object id) implements Request {}
}
