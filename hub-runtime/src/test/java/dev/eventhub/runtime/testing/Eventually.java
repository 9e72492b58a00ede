package dev.eventhub.runtime.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Waits for a condition the test cannot be told of directly, checking it on a timer, bounded by {@link TestHub#TIMEOUT_SECONDS}. */
public final class Eventually {
  private static final long CHECK_MILLIS = 20;

  private Eventually() {}

  /** Returns once {@code check} completes with true; fails the test after the timeout. */
  public static void await(Vertx vertx, Supplier<Future<Boolean>> check) {
    Promise<Void> done = Promise.promise();
    poll(vertx, check, done);
    try {
      TestHub.await(done.future());
    } finally {
      done.tryFail("stopped waiting");
    }
  }

  /**
   * Returns once {@code condition} (checked on this thread: it may block) holds; fails the test after
   * the timeout, naming {@code what} it waited for.
   */
  public static void until(java.util.function.BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(TestHub.TIMEOUT_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting for " + what + " after " + TestHub.TIMEOUT_SECONDS + "s");
      }
      try {
        Thread.sleep(CHECK_MILLIS); // between two checks of a condition nobody can announce
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static void poll(Vertx vertx, Supplier<Future<Boolean>> check, Promise<Void> done) {
    check.get().onComplete(ar -> {
      if (ar.succeeded() && Boolean.TRUE.equals(ar.result())) {
        done.tryComplete();
      } else if (!done.future().isComplete()) {
        vertx.setTimer(CHECK_MILLIS, t -> poll(vertx, check, done));
      }
    });
  }
}
