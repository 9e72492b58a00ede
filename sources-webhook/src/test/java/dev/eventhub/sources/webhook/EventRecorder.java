package dev.eventhub.sources.webhook;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every event the hub delivers; tests wait on them, bounded. */
final class EventRecorder implements AutoCloseable {
  private final LinkedBlockingQueue<HubEvent> queue = new LinkedBlockingQueue<>();
  private final List<HubEvent> seen = new ArrayList<>();
  private final MessageConsumer<HubEvent> consumer;

  EventRecorder(TestHub hub) {
    consumer = hub.vertx().eventBus().consumer("hub.events", m -> queue.add(m.body()));
    TestHub.await(consumer.completion());
  }

  /** The next event matching {@code filter}; events passed over stay in {@link #seen()}. */
  HubEvent next(Predicate<HubEvent> filter) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TestHub.TIMEOUT_SECONDS);
    try {
      while (true) {
        HubEvent e = queue.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (e == null) {
          throw new AssertionError("no matching event within " + TestHub.TIMEOUT_SECONDS + "s; saw " + seen());
        }
        synchronized (seen) {
          seen.add(e);
        }
        if (filter.test(e)) {
          return e;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next event of this type (any category) and key ({@code null} for any). */
  HubEvent next(String type, String key) {
    return next(e -> e.event().equals(type) && (key == null || key.equals(e.key())));
  }

  List<HubEvent> seen() {
    synchronized (seen) {
      return List.copyOf(seen);
    }
  }

  @Override
  public void close() {
    consumer.unregister();
  }
}
