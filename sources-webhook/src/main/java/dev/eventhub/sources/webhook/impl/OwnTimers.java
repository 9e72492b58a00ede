package dev.eventhub.sources.webhook.impl;

import io.vertx.core.Vertx;
import java.util.HashSet;
import java.util.Set;

/**
 * The timers of one owner (a dispatcher), cancelled together when it stops: an action due after that
 * does not run. Used on the owner's context only.
 */
final class OwnTimers {
  private final Vertx vertx;
  private final Set<Long> timers = new HashSet<>();
  private boolean cancelled;

  OwnTimers(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Runs {@code action} after {@code delayMs} (now when it is not positive), unless cancelled by then. */
  void later(long delayMs, Runnable action) {
    if (delayMs <= 0) {
      action.run();
      return;
    }
    long[] timer = new long[1];
    timer[0] = vertx.setTimer(delayMs, id -> {
      timers.remove(timer[0]);
      if (!cancelled) {
        action.run();
      }
    });
    timers.add(timer[0]);
  }

  /** Cancels every timer; none set later runs either. */
  void cancelAll() {
    cancelled = true;
    timers.forEach(vertx::cancelTimer);
    timers.clear();
  }
}
