package dev.eventhub.sources.workflow;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;

/** Collects the events an event-bus subscriber of one category receives, and waits for them without sleeping. */
final class EventRecorder implements AutoCloseable {
  private final List<HubEvent> events = new ArrayList<>();
  private final MessageConsumer<HubEvent> consumer;
  private Promise<List<HubEvent>> waiting;
  private int wanted;

  EventRecorder(TestHub hub, String category) {
    consumer = hub.vertx().eventBus().consumer("hub.events." + category, m -> received(m.body()));
    TestHub.await(consumer.completion());
  }

  private synchronized void received(HubEvent event) {
    events.add(event);
    if (waiting != null && events.size() >= wanted) {
      waiting.tryComplete(List.copyOf(events));
    }
  }

  /** Waits until {@code count} events arrived in all, and returns them in arrival order. */
  List<HubEvent> await(int count) {
    Promise<List<HubEvent>> promise = Promise.promise();
    synchronized (this) {
      if (events.size() >= count) {
        return List.copyOf(events);
      }
      wanted = count;
      waiting = promise;
    }
    return TestHub.await(promise.future());
  }

  @Override
  public void close() {
    TestHub.await(consumer.unregister());
  }
}
