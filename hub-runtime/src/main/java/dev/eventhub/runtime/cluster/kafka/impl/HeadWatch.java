package dev.eventhub.runtime.cluster.kafka.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;

/** Reads waiting for this node to apply as far as their cursor: released as the applied head passes them. */
public final class HeadWatch {
  private record Wait(long seq, Promise<Void> promise, Context context) {}

  private final ConcurrentLinkedQueue<Wait> waits = new ConcurrentLinkedQueue<>();
  private volatile long head;

  public HeadWatch(long head) {
    this.head = head;
  }

  /** Completes (on {@code context}) once the head reaches {@code seq}. */
  public Future<Void> await(long seq, Context context) {
    Promise<Void> promise = Promise.promise();
    Wait wait = new Wait(seq, promise, context);
    waits.add(wait);
    // The head may have passed between the caller's check and the add.
    if (head >= seq && waits.remove(wait)) {
      return Future.succeededFuture();
    }
    return promise.future();
  }

  /** The applied head moved to {@code seq}: releases every read it passed. */
  public void advanced(long seq) {
    head = seq;
    for (Iterator<Wait> it = waits.iterator(); it.hasNext(); ) {
      Wait w = it.next();
      if (w.seq <= seq && waits.remove(w)) {
        w.context.runOnContext(v -> w.promise.tryComplete());
      }
    }
  }

  /** Drops a wait that timed out. */
  public void forget(Future<Void> future) {
    waits.removeIf(w -> w.promise.future() == future);
  }
}
