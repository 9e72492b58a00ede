package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.spi.EventInterest;
import io.netty.buffer.ByteBuf;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The fan-out of one event loop: the subscriptions of the connections that live on it, and the
 * delivery of each batch of events the dispatcher hands over, matched and written on this loop's own
 * thread. A batch is one task per loop, whatever the number of connections and events, and every
 * connection it touched is flushed once at its end.
 *
 * <p>Everything but {@link #post} runs on the loop's context.
 */
final class LoopDispatch {
  private final Context context;
  private final SubscriptionIndex index = new SubscriptionIndex();
  private final List<Outbox> touched = new ArrayList<>();
  private final SharedBatches batches = new SharedBatches();
  private volatile int subscriptions;
  // Issue 24: the categories this loop's subscriptions want on the bus.
  private final EventInterest interest;
  private boolean inPass;
  private boolean endingPass;

  LoopDispatch(Context context) {
    this(context, EventInterest.UNTRACKED);
  }

  LoopDispatch(Context context, EventInterest interest) {
    this.context = context;
    this.interest = interest;
  }

  /**
   * Hands a batch of events to this loop; any thread. Nothing is posted while the loop has no subscription.
   *
   * @param dispatcherWait how long the batch waited on the dispatcher (ns), and {@code handedAt} when it left it
   *     ({@code System.nanoTime()}): for {@link PassEvent}
   */
  void post(Encoded[] batch, long dispatcherWait, long handedAt) {
    if (subscriptions > 0) {
      context.runOnContext(v -> dispatch(batch, dispatcherWait, handedAt));
    }
  }

  boolean hasSubscriptions() {
    return subscriptions > 0;
  }

  // Before the subscription reads the head: every event recorded after it goes on the bus.
  void add(Subscription s) {
    s.filter().categories().forEach(interest::want);
    index.add(s);
    subscriptions++;
  }

  void remove(Subscription s) {
    index.remove(s);
    subscriptions--;
    s.filter().categories().forEach(interest::unwant);
  }

  /** Called by an outbox written to during a batch: it is flushed when the batch ends. */
  boolean touched(Outbox outbox) {
    if (!inPass) {
      return false;
    }
    touched.add(outbox);
    return true;
  }

  /**
   * The {@code events} frame of {@code s} for these events; on the loop. During a batch's pass (a full
   * frame) and as it ends (the rest), it is shared with the pass's equal ones; at any other time (a
   * drain, a replay's hand-over) it is built for {@code s} alone, as nothing would release a kept frame.
   */
  ByteBuf batchFrame(Subscription s, Encoded[] events, int count) {
    return inPass || endingPass ? batches.frame(s, events, count) : SharedBatches.build(s, events, count);
  }

  /**
   * A connection's run of {@code event} frames ({@link EventRun}), headers included, in one buffer; on the loop.
   * During a batch's pass (and as it ends) it is shared with the pass's equal runs; at any other time it is built
   * for that connection alone.
   */
  ByteBuf runFrames(Subscription[] subscriptions, Encoded[] events, int count) {
    return inPass || endingPass ? batches.run(subscriptions, events, count)
        : SharedBatches.buildRun(subscriptions, events, count);
  }

  // The pass, as a JFR event when a recording enables it.
  private void dispatch(Encoded[] batch, long dispatcherWait, long handedAt) {
    PassEvent pass = new PassEvent();
    if (pass.isEnabled()) {
      pass.loopWait = System.nanoTime() - handedAt;
      pass.dispatcherWait = dispatcherWait;
      pass.events = batch.length;
    }
    pass.begin();
    int sockets = dispatch(batch);
    if (pass.shouldCommit()) {
      pass.sockets = sockets;
      pass.commit();
    }
  }

  /** Delivers {@code batch} to the loop's subscriptions, and ends the pass of every socket written to; returns their number. */
  int dispatch(Encoded[] batch) {
    int sockets = 0;
    inPass = true;
    try {
      for (Encoded e : batch) {
        offerNamed(index.named(e.event.category()), e);
        offer(index.globs(), e);
      }
    } finally {
      inPass = false;
      endingPass = true;
      try {
        sockets = touched.size();
        for (int i = 0; i < sockets; i++) {
          touched.get(i).endPass();
        }
      } finally {
        endingPass = false;
        touched.clear();
        batches.clear();
      }
    }
    return sockets;
  }

  // Subscriptions listed under the event's category by name: the category is known to match.
  private static void offerNamed(Subscription[] subscriptions, Encoded e) {
    for (Subscription s : subscriptions) {
      if (s.filter().matchesBesidesCategory(e.event)) {
        s.receive(e);
      }
    }
  }

  private static void offer(Subscription[] subscriptions, Encoded e) {
    for (Subscription s : subscriptions) {
      if (s.filter().matches(e.event)) {
        s.receive(e);
      }
    }
  }
}
