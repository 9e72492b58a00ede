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

  /**
   * @param context the dispatcher's own context, where the bus delivers
   * @param loops the loops with connections; read at each batch, so new ones are seen
   */
  Dispatcher(Context context, Collection<LoopDispatch> loops) {
    this.context = context;
    this.loops = loops;
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
      context.runOnContext(v -> closeBatch());
    }
    pending.add(new Encoded(event));
  }

  private boolean anySubscription() {
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
    for (LoopDispatch loop : loops) {
      loop.post(batch);
    }
  }
}
