package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.kit.auth.Grant;

/**
 * What a schedule's action may do: no more than the token that created or last replaced it allowed.
 * Checked when the action is set (a {@code forbidden} answer) and again, against the stored grant,
 * each time it runs, so that a stored record edited behind the API's back gains nothing.
 */
final class Delegation {
  private Delegation() {}

  /**
   * Refuses an action the caller's token could not do itself: a publish to a category without
   * {@code publish:<category>}, an HTTP call without {@value Grant#SCHEDULE_HTTP} or {@code admin}.
   *
   * @throws HubException {@code forbidden} naming the scope missing
   */
  static void authorize(HubPrincipal caller, Action action) {
    String missing = missing(Grant.of(caller), action);
    if (missing != null) {
      throw HubException.forbidden("token does not allow " + missing + ", which this schedule's action needs: a "
          + "schedule does only what the token that creates or replaces it may do");
    }
  }

  /** Why {@code owner} may not run {@code action}, or null when it may. */
  static String denial(Grant owner, Action action) {
    if (!owner.recorded()) {
      return "not run: the schedule has no recorded owner (stored before owners were recorded, or damaged); "
          + "replace it (PUT) to record the token that may run it";
    }
    String missing = missing(owner, action);
    return missing == null ? null : "not run: the token of the schedule's owner '" + owner.subject()
        + "' did not allow " + missing;
  }

  private static String missing(Grant grant, Action action) {
    if (action instanceof PublishAction publish && !grant.mayPublish(publish.category(), publish.key())) {
      return grant.principal().publishScopeFor(publish.category(), publish.key());
    }
    if (action instanceof HttpAction && !grant.canCallHttp()) {
      return Grant.SCHEDULE_HTTP + " (or admin)";
    }
    return null;
  }
}
