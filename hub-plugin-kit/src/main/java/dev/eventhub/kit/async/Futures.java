package dev.eventhub.kit.async;

import io.vertx.core.Future;
import java.util.function.Supplier;

/** Calls code that returns a future so that whatever goes wrong comes back as a failed future. */
public final class Futures {
  private Futures() {}

  /**
   * Calls {@code operation} on the calling thread.
   *
   * @return the operation's future; a failed future when it throws a {@link RuntimeException} or a
   *     {@link LinkageError} (a class missing from the plugin's jars) instead of returning one, so that
   *     a caller waiting on the result gets an answer rather than nothing
   */
  public static <T> Future<T> call(Supplier<Future<T>> operation) {
    try {
      return operation.get();
    } catch (RuntimeException | LinkageError e) {
      return Future.failedFuture(e);
    }
  }
}
