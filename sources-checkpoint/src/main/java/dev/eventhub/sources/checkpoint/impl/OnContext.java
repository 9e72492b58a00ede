package dev.eventhub.sources.checkpoint.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs operations on the plugin's own context, whatever thread asks, and completes their futures
 * back on the caller's context: the plugin's mutable state is then touched by one thread only.
 */
final class OnContext {
  private final Context context;

  OnContext(Context context) {
    this.context = context;
  }

  <T> Future<T> call(Supplier<Future<T>> operation) {
    Context caller = Vertx.currentContext();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> KeyedQueue.call(operation).onComplete(ar -> {
      if (caller == null || caller == context) {
        promise.handle(ar);
      } else {
        caller.runOnContext(x -> promise.handle(ar));
      }
    }));
    return promise.future();
  }
}
