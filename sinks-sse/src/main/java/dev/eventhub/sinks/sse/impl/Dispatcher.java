package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes every recorded event from the event bus, in log order, and hands each stream the ones its
 * filter selects: every event that arrived before the batch closes, one task per stream, so a
 * commit's events reach a stream together and in order.
 */
final class Dispatcher implements Handler<Message<HubEvent>> {
  private final Context context;
  private final Streams streams;
  private final List<LiveEvent> pending = new ArrayList<>();

  /** @param context the dispatcher's own context, where the bus delivers */
  Dispatcher(Context context, Streams streams) {
    this.context = context;
    this.streams = streams;
  }

  @Override
  public void handle(Message<HubEvent> message) {
    if (pending.isEmpty()) {
      if (streams.open().isEmpty()) {
        // Nobody listens; a stream starting meanwhile reads the log past its head instead.
        return;
      }
      // Runs after the events already waiting on this context: a commit's events travel as one batch.
      context.runOnContext(v -> closeBatch());
    }
    pending.add(new LiveEvent(message.body()));
  }

  private void closeBatch() {
    List<LiveEvent> batch = List.copyOf(pending);
    pending.clear();
    for (SseStream stream : streams.open()) {
      List<LiveEvent> matched = null;
      for (LiveEvent e : batch) {
        if (stream.filter().matches(e.event)) {
          if (matched == null) {
            matched = new ArrayList<>();
          }
          matched.add(e);
        }
      }
      if (matched != null) {
        stream.post(matched);
      }
    }
  }
}
