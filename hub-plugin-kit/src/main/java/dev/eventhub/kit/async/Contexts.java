package dev.eventhub.kit.async;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs work on a given Vert.x context, usually the plugin verticle's, whatever thread asks: the
 * plugin's mutable state is then touched by that context's thread only.
 *
 * <p>Both methods may be called from any thread. The work is called through {@link Futures#call},
 * so a work that throws yields a failed future.
 */
public final class Contexts {
  private Contexts() {}

  /**
   * Runs {@code work} on {@code context}: at once when the caller is already on it, else in a later
   * tick there. The returned future completes where the work's future completes (normally on {@code
   * context}); a caller that must continue on its own context hops back itself (as {@link
   * dev.eventhub.kit.http.Http#answer} does for requests).
   */
  public static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return Futures.call(work);
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> Futures.call(work).onComplete(promise));
    return promise.future();
  }

  /**
   * Runs {@code work} on {@code context} in a later tick, always (also when the caller is on it), and
   * completes the returned future back on the caller's context; a caller on no Vert.x context gets
   * it completed on {@code context}.
   */
  public static <T> Future<T> roundTrip(Context context, Supplier<Future<T>> work) {
    Context caller = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> Futures.call(work).onComplete(ar -> {
      if (caller == null || caller == context) {
        promise.handle(ar);
      } else {
        caller.runOnContext(x -> promise.handle(ar));
      }
    }));
    return promise.future();
  }
}
