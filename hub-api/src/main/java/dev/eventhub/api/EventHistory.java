package dev.eventhub.api;

import io.vertx.core.Future;

/**
 * Reads the hub's log: history for the HTTP API, replay for sinks.
 *
 * <p>Reads run off the event loop; the futures complete on the caller's context. A cursor a client
 * sent is checked here: one that is not a cursor at all, or one from a log that was wiped, is
 * "unknown" and yields an empty page with {@code complete == false}, never an error, so that a
 * client resuming against a new log is told rather than failed.
 *
 * <p>To replay and then go live without a gap, a sink first starts receiving live events (from the
 * event bus), then pages through {@link #read} until {@link EventPage#more()} is false, and drops
 * each live event whose cursor is not greater than the last replayed one.
 */
public interface EventHistory {
  /**
   * The matching events recorded after {@code query.since()}, in log order: at most {@code
   * query.limit()} of them, and at most the hub's page byte budget of them (one event at least), so
   * that a page never needs more memory than that; {@link EventPage#more()} says whether to read on.
   */
  Future<EventPage> read(EventQuery query);

  /**
   * The {@code count} most recent events that match, in log order (oldest first); fewer when they
   * are over the hub's page byte budget: then the newest that fit (one at least).
   *
   * @param count 1 to {@link EventQuery#MAX_LIMIT}
   */
  Future<EventPage> last(EventFilter filter, int count);

  /**
   * The cursor of the newest recorded event: reading after it returns only events recorded later.
   * For an empty log, a cursor before every event.
   */
  Future<String> head();

  /**
   * The event a producer recorded with {@code id} in {@code category} (ids are unique within a
   * category): its first record, while retention keeps it.
   *
   * @return the event, or {@code null} when the log holds none of that id; histories that cannot look
   *     events up by id fail with {@link ErrorCode#UNAVAILABLE}
   */
  default Future<HubEvent> find(String category, String id) {
    return Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, "this history cannot find events by id"));
  }
}
