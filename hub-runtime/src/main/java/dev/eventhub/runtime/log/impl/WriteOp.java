package dev.eventhub.runtime.log.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.sql.Connection;

/**
 * One unit of work for the log's writer thread: applied inside the group's transaction under a
 * savepoint of its own, so that its failure undoes only itself.
 */
abstract class WriteOp<T> {
  private final Context context;
  private final Promise<T> promise = Promise.promise();
  private T result;
  private Throwable failure;
  private String refusal;

  WriteOp(Context context) {
    this.context = context;
  }

  /**
   * Whether this write runs under a savepoint of its own, because it may fail on its own (a version
   * conflict) after changing rows. One that only fails with the store (disk full, I/O) needs none: if it
   * fails, the writer applies the whole group again with savepoints.
   */
  boolean needsSavepoint() {
    return true;
  }

  /** How many events this op writes, to bound a group; storage ops count as one. */
  int weight() {
    return 1;
  }

  /** The payload bytes this op holds while queued, to bound the queue. */
  long bytes() {
    return 0;
  }

  /**
   * Whether the writer may refuse this op when its queue is full: what a client can retry. Applying a
   * cluster's log and the hub's own writes are never refused.
   */
  boolean refusable() {
    return false;
  }

  /** Does the work on the writer's connection; may throw to roll this op back. */
  abstract T apply(Connection connection, WriterState state) throws Exception;

  /** Undoes in-memory effects of {@link #apply} after a rollback. */
  void rolledBack(WriterState state) {}

  /** Makes in-memory effects permanent after the commit. */
  void committed(WriterState state) {}

  final void applied(T value) {
    this.result = value;
  }

  final void failed(Throwable cause) {
    this.failure = cause;
  }

  /** Fails this op for a reason the log counts as a refused write (see {@link StoreHealth}). */
  final void refused(String reason, Throwable cause) {
    this.failure = cause;
    this.refusal = reason;
  }

  /** Why this op was refused, or null. */
  final String refusal() {
    return refusal;
  }

  final boolean hasFailed() {
    return failure != null;
  }

  final T result() {
    return result;
  }

  /** Completes the caller's future on the caller's context. */
  final void complete() {
    Runnable task = failure == null ? () -> promise.complete(result) : () -> promise.fail(failure);
    if (context == null) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }

  final Future<T> future() {
    return promise.future();
  }
}
