package dev.eventhub.sources.webhook.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** Runs work on the plugin's context, where the state it changes lives. */
final class Contexts {
  private Contexts() {}

  /** Runs {@code work} on {@code context}: at once when already there, else in a later tick there. */
  static <T> Future<T> on(Context context, Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return run(work);
    }
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> run(work).onComplete(promise));
    return promise.future();
  }

  private static <T> Future<T> run(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
