package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A named consumer's lag (issue 20): the matching events recorded after its committed cursor, counted by reading
 * the log up to {@link #MAX_EVENTS} of them (beyond, the count is a lower bound and says so), and the age of the
 * oldest of them. Reads run off the event loop, one page at a time.
 */
final class LagScan {
  /** The most events counted; a consumer further behind shows this many and {@code atLeast}. */
  static final int MAX_EVENTS = 10 * EventQuery.MAX_LIMIT;

  /** The lag: {@code events} matching events behind ({@code atLeast}: or more), the oldest {@code seconds} old. */
  record Lag(long events, boolean atLeast, double seconds) {
    static final Lag NONE = new Lag(0, false, 0);

    JsonObject toJson() {
      return new JsonObject().put("events", events).put("atLeast", atLeast).put("seconds", seconds);
    }
  }

  private LagScan() {}

  static Future<Lag> measure(EventHistory history, EventFilter filter, String committed) {
    return page(history, filter, committed, 0, null);
  }

  private static Future<Lag> page(EventHistory history, EventFilter filter, String after, long counted,
      Instant oldest) {
    return history.read(new EventQuery(filter, after, EventQuery.MAX_LIMIT)).compose(page -> {
      Instant first = oldest == null && !page.events().isEmpty() ? page.events().get(0).timestamp() : oldest;
      long total = counted + page.events().size();
      if (page.more() && total < MAX_EVENTS) {
        return page(history, filter, page.next(), total, first);
      }
      return Future.succeededFuture(lag(total, page, first));
    });
  }

  private static Lag lag(long total, EventPage last, Instant oldest) {
    double seconds = oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.toEpochMilli()) / 1000.0);
    return new Lag(total, last.more(), seconds);
  }
}
