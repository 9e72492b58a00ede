package dev.eventhub.kit.async;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs operations one after the other per key, so that two requests on one key (a session, a job)
 * cannot interleave their reads and writes; operations on different keys run independently. An
 * operation starts once the previous one on its key has completed, whether it succeeded or failed.
 *
 * <p>Not thread-safe: confine a queue to one Vert.x context and call it only from there (see {@link
 * Contexts}). A key's entry is dropped once its last operation completes, so idle keys cost nothing.
 */
public final class KeyedQueue {
  private final Map<String, Future<?>> tails = new HashMap<>();

  private KeyedQueue() {}

  /** A new, empty queue. */
  public static KeyedQueue create() {
    return new KeyedQueue();
  }

  /**
   * Runs {@code operation} once every earlier operation on {@code key} has completed.
   *
   * @return the operation's result; a failed future when it throws (see {@link Futures#call})
   */
  public <T> Future<T> run(String key, Supplier<Future<T>> operation) {
    Future<?> tail = tails.get(key);
    Future<T> next = tail == null ? Futures.call(operation) : tail.transform(ignored -> Futures.call(operation));
    tails.put(key, next);
    next.onComplete(ignored -> tails.remove(key, next));
    return next;
  }

  /** How many keys have an operation running or waiting; for tests and metrics. */
  public int activeKeys() {
    return tails.size();
  }
}
