package dev.eventhub.api;

import io.vertx.core.Future;
import java.util.List;

/**
 * Records events in the hub's durable log and then delivers them: the one path by which anything,
 * a plugin or an HTTP client, publishes.
 *
 * <p>Log first, deliver second: a returned future completes only once the event is durable (it
 * survives a kill -9 of the hub), and only then is it put on the event bus at its category's
 * address, so no sink ever sees an event that replay could not give again.
 *
 * <p>Methods may be called from any thread and never block; the futures complete on the caller's
 * Vert.x context when there is one. A future fails with a {@link HubException} for bad input
 * ({@link ErrorCode#BAD_REQUEST}, {@link ErrorCode#TOO_LARGE}), for a category the operator does not
 * allow ({@link ErrorCode#FORBIDDEN}) or while the hub shuts down ({@link ErrorCode#UNAVAILABLE});
 * a failed future means nothing was recorded.
 */
public interface EventPublisher {
  /**
   * Records one event.
   *
   * @return the recorded event, or the first record when the draft's id was recorded before
   */
  Future<HubEvent> publish(EventDraft draft);

  /**
   * Records several events atomically: all of them or none, consecutive in the log, in list order.
   *
   * @return the recorded events in list order; a draft whose id was recorded before yields the first
   *     record and is not delivered again
   */
  Future<List<HubEvent>> publishAll(List<EventDraft> drafts);
}
