package dev.eventhub.runtime;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Puts each committed group of events on the event bus, in commit order (issue 24 item 3). A small
 * group (at most {@code directMax} events: what a lightly loaded hub commits) is published by the thread
 * that committed it, the log's writer, so that it reaches the sinks one thread crossing sooner; a larger
 * one is handed to the delivery context, so that the writer, the log's serial stage, does not spend its
 * CPU on the event bus when it is busiest. A group never overtakes one still waiting on the delivery
 * context: while any does, later groups follow it there.
 *
 * <p>{@link #deliver} is called one group at a time (the log's contract); the delivery context runs its
 * tasks in order.
 */
final class DeliveryHandOff<T> {
  /** The hub's {@code directMax}: a single publish, or a few concurrent ones, committed together. */
  static final int DIRECT_MAX = 8;

  private final Executor deliveryContext;
  private final int directMax;
  private final Consumer<List<T>> publish;
  private final Consumer<List<T>> handedOff;
  // Groups handed to the delivery context and not yet published there.
  private final AtomicInteger waiting = new AtomicInteger();

  /**
   * @param deliveryContext runs tasks one at a time, in order
   * @param directMax the largest group published on the committing thread
   * @param publish puts a group on the event bus; any thread
   * @param handedOff told of each group as it goes out (the hand-off latency metric)
   */
  DeliveryHandOff(Executor deliveryContext, int directMax, Consumer<List<T>> publish, Consumer<List<T>> handedOff) {
    this.deliveryContext = deliveryContext;
    this.directMax = directMax;
    this.publish = publish;
    this.handedOff = handedOff;
  }

  /** A group just committed, in log order. */
  void deliver(List<T> group) {
    // Only this method increments, one call at a time: once it reads 0, nothing is left to overtake.
    if (group.size() <= directMax && waiting.get() == 0) {
      publishNow(group, true, 0);
      return;
    }
    waiting.incrementAndGet();
    long handed = System.nanoTime();
    deliveryContext.execute(() -> {
      try {
        publishNow(group, false, handed);
      } finally {
        waiting.decrementAndGet();
      }
    });
  }

  private void publishNow(List<T> group, boolean direct, long handed) {
    HandOffEvent jfr = new HandOffEvent();
    if (jfr.isEnabled()) {
      jfr.events = group.size();
      jfr.direct = direct;
      jfr.waited = direct ? 0 : System.nanoTime() - handed;
    }
    jfr.begin();
    handedOff.accept(group);
    publish.accept(group);
    jfr.commit();
  }
}
