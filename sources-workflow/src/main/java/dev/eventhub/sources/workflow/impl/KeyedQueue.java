package dev.eventhub.sources.workflow.impl;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs operations one after the other per key, so two requests on one session cannot interleave
 * their reads and writes. Confined to one Vert.x context: call only from it.
 */
final class KeyedQueue {
  private final Map<String, Future<?>> tails = new HashMap<>();

  /** Runs {@code operation} once every earlier operation on {@code key} has finished. */
  <T> Future<T> run(String key, Supplier<Future<T>> operation) {
    Future<?> tail = tails.get(key);
    Future<T> next = tail == null ? call(operation) : tail.transform(ignored -> call(operation));
    tails.put(key, next);
    next.onComplete(ignored -> tails.remove(key, next));
    return next;
  }

  static <T> Future<T> call(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
