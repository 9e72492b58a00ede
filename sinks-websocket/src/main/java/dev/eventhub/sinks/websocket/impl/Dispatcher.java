package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Takes every recorded event from the event bus, in log order, encodes it once, and hands the events
 * to each event loop that holds subscriptions ({@link LoopDispatch}) in batches: every event that
 * arrived before the batch closes, one task per loop. The loops match and write in parallel; nothing
 * here is per connection.
 */
final class Dispatcher implements Handler<Message<HubEvent>> {
  private static final Encoded[] NONE = {};

  private final Context context;
  private final Collection<LoopDispatch> loops;
  private final List<Encoded> pending = new ArrayList<>();
  // Issue 20: named consumers' groups, on this same context; null where there are none.
  private final ConsumerGroups groups;
  // When the first event of the pending batch arrived (System.nanoTime): for PassEvent.
  private long batchStarted;

  /**
   * @param context the dispatcher's own context, where the bus delivers
   * @param loops the loops with connections; read at each batch, so new ones are seen
   */
  Dispatcher(Context context, Collection<LoopDispatch> loops) {
    this(context, loops, null);
  }

  /** @param groups the named consumers, which live on {@code context} and take each batch there */
  Dispatcher(Context context, Collection<LoopDispatch> loops, ConsumerGroups groups) {
    this.context = context;
    this.loops = loops;
    this.groups = groups;
  }

  @Override
  public void handle(Message<HubEvent> message) {
    dispatch(message.body());
  }

  void dispatch(HubEvent event) {
    if (pending.isEmpty()) {
      if (!anySubscription()) {
        // Nobody listens: not even worth encoding. A subscription added meanwhile only wants later events.
        return;
      }
      // Runs after the events already waiting on this context: a commit's events travel as one batch.
      batchStarted = System.nanoTime();
      context.runOnContext(v -> closeBatch());
    }
    pending.add(new Encoded(event));
  }

  private boolean anySubscription() {
    if (groups != null && groups.hasMembers()) {
      return true;
    }
    for (LoopDispatch loop : loops) {
      if (loop.hasSubscriptions()) {
        return true;
      }
    }
    return false;
  }

  private void closeBatch() {
    Encoded[] batch = pending.toArray(NONE);
    pending.clear();
    long now = System.nanoTime();
    for (LoopDispatch loop : loops) {
      loop.post(batch, now - batchStarted, now);
    }
    if (groups != null) {
      groups.offer(batch);
    }
  }
}
