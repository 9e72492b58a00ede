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

  /**
   * Records several events on behalf of a caller, with the checks and the order of checks of {@code
   * POST /api/events}: the drafts are validated first (a malformed one fails with {@link
   * ErrorCode#BAD_REQUEST} whatever the caller may do, an oversized batch with {@link
   * ErrorCode#TOO_LARGE}), then each is checked against the caller's grant ({@link
   * HubPrincipal#canPublish(EventDraft)}; {@link ErrorCode#FORBIDDEN} naming the scope it lacks), then
   * they are recorded as {@link #publishAll} records them. For a sink that takes publishes from its own
   * clients (the WebSocket sink's {@code publish} frame).
   *
   * <p>The default validates each draft and checks the grant before {@link #publishAll}; the hub's own
   * publisher overrides it with exactly what {@code POST /api/events} runs.
   *
   * @param caller the verified caller, as {@link Authenticator} gave it
   * @return the recorded events in list order, as {@link #publishAll} returns them
   */
  default Future<List<HubEvent>> publishAs(HubPrincipal caller, List<EventDraft> drafts) {
    try {
      if (drafts == null || drafts.isEmpty()) {
        throw HubException.badRequest("at least one event is required");
      }
      for (int i = 0; i < drafts.size(); i++) {
        if (drafts.get(i) == null) {
          throw HubException.badRequest("event " + i + " is null");
        }
        try {
          drafts.get(i).validate();
        } catch (HubException e) {
          throw drafts.size() == 1 ? e : HubException.badRequest("event " + i + ": " + e.getMessage());
        }
      }
      checkGrant(caller, drafts);
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    return publishAll(drafts);
  }

  /**
   * Checks each draft against the caller's grant, as every publishing path does.
   *
   * @throws HubException {@link ErrorCode#FORBIDDEN} naming the scope the first refused draft needs
   */
  static void checkGrant(HubPrincipal caller, List<EventDraft> drafts) {
    for (EventDraft draft : drafts) {
      if (!caller.canPublish(draft)) {
        throw HubException.forbidden("token does not allow " + caller.publishScopeFor(draft.category(), draft.key()));
      }
    }
  }
}
