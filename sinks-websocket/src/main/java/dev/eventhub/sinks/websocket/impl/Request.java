package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventDraft;
import dev.eventhub.kit.stream.Overflow;
import java.util.List;

/** A client's request, parsed and checked by {@link RequestParser}. {@code id} is echoed in every reply. */
sealed interface Request {
  /** The client's id for the request: a String, a Number or {@code null}. */
  Object id();

  /** {@code subscribe}; {@code last} is {@code null} or 1 to 1000, and never set together with {@code since}. */
  record Subscribe(Object id, List<String> categories, List<String> events, List<String> keys, String since,
      Integer last, boolean batch, Overflow overflow, String consumer, boolean autoAck, AttributeFilter attributes)
      implements Request {
    /** A subscription that is no named consumer (issue 20), without attribute pairs. */
    Subscribe(Object id, List<String> categories, List<String> events, List<String> keys, String since,
        Integer last, boolean batch, Overflow overflow) {
      this(id, categories, events, keys, since, last, batch, overflow, null, false, AttributeFilter.NONE);
    }

    /** A subscription without attribute pairs. */
    Subscribe(Object id, List<String> categories, List<String> events, List<String> keys, String since,
        Integer last, boolean batch, Overflow overflow, String consumer, boolean autoAck) {
      this(id, categories, events, keys, since, last, batch, overflow, consumer, autoAck, AttributeFilter.NONE);
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

  /** {@code ack} (issue 20): commits a named consumer's events up to {@code cursor}. */
  record Ack(Object id, String subscription, String cursor) implements Request {}

  /** {@code ping}. */
  record Ping(Object id) implements Request {}

  /** {@code publish}: the events' JSON shape is checked, their values are checked by the hub's publisher. */
  record Publish(Object id, List<EventDraft> drafts) implements Request {}
}
