package dev.eventhub.api;

/**
 * A read of the log: the events after a cursor that match a filter, at most {@code limit} of them.
 *
 * @param filter which events
 * @param since the cursor to read after, or {@code null} to read from the oldest retained event
 * @param limit the most events to return, 1 to {@link #MAX_LIMIT}
 */
public record EventQuery(EventFilter filter, String since, int limit) {
  /** The largest page a single read returns. */
  public static final int MAX_LIMIT = 1000;
  /** The page size of the HTTP history API when the client names none. */
  public static final int DEFAULT_LIMIT = 100;

  /** Checks the limit. */
  public EventQuery {
    if (filter == null) {
      throw HubException.badRequest("a filter is required");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw HubException.badRequest("field 'limit' must be 1 to " + MAX_LIMIT + ", got " + limit);
    }
  }
}
