package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the changes of one schedule (firing included) one after another, and turns faults into answers. */
final class SerialWork {
  private static final Logger LOG = LoggerFactory.getLogger(SerialWork.class);

  private SerialWork() {}

  /** Runs {@code work} once the schedule's earlier changes are done, whatever became of each. */
  static <T> Future<T> after(ScheduleEntry e, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    Future<?> previous = e.tail;
    e.tail = promise.future().otherwiseEmpty();
    previous.onComplete(ar -> run(work).onComplete(promise));
    return promise.future();
  }

  /** Runs {@code work}, a failed future for what it throws: a {@link HubException} as is, anything else as internal. */
  static <T> Future<T> run(Supplier<Future<T>> work) {
    try {
      return work.get();
    } catch (HubException e) {
      return Future.failedFuture(e);
    } catch (RuntimeException | LinkageError e) {
      // A LinkageError is a broken installation (a library missing from the hub): answer, do not hang.
      LOG.error("scheduler fault", e);
      return Future.failedFuture(new HubException(ErrorCode.INTERNAL, "internal error; see the hub's log"));
    }
  }
}
