package dev.eventhub.api;

import java.util.List;

/**
 * One page of the log, the answer to an {@link EventQuery}.
 *
 * @param events the matching events, in log order
 * @param next the cursor to pass as {@code since} for the following page: the last event's cursor,
 *     or the query's {@code since} when the page is empty (the log's start when that was null); past the
 *     last event when the page stopped at the hub's scan budget ({@code log.maxScanRows})
 * @param more whether the log already holds more matching events after {@code next}; also true when
 *     the page stopped early at the hub's page byte budget ({@code log.maxPageBytes}) or scan budget
 *     ({@code log.maxScanRows}: a filter on events, keys or attributes reads that many events per page at most) with
 *     fewer than the query's {@code limit} events, even none: read on from {@code next} until it is false
 * @param complete {@code false} when the reader may have missed events: {@code since} is older than
 *     retention (the oldest retained events follow), or {@code since} is a cursor this log does not
 *     know (then {@code events} is empty)
 */
public record EventPage(List<HubEvent> events, String next, boolean more, boolean complete) {
  /** Copies the list. */
  public EventPage {
    events = List.copyOf(events);
  }
}
