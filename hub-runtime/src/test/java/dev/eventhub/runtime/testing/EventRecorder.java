package dev.eventhub.runtime.testing;

import dev.eventhub.api.HubEvent;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Records the events a hub delivers on the event bus (one category's address, or every event's), in
 * arrival order, and lets a test wait for them without sleeping: each wait is bounded by {@link
 * TestHub#TIMEOUT_SECONDS} and fails with what did arrive.
 *
 * <p>Two ways to wait: {@link #await(int)} for a number of events in all, or {@link #next} for the
 * next matching event after those {@code next} already passed (matching or not, see {@link #seen()}).
 */
public final class EventRecorder implements AutoCloseable {
  private final List<HubEvent> received = new ArrayList<>();
  private final MessageConsumer<HubEvent> consumer;
  private final TestHub hub;
  private final String wanted;
  private int passed;
  private Runnable waiter;

  private EventRecorder(TestHub hub, String address, String wanted) {
    this.hub = hub;
    this.wanted = wanted;
    // Issue 24: wanted before listening, as a plugin does: the hub puts only wanted categories on the bus.
    hub.hub().interest().want(wanted);
    consumer = hub.vertx().eventBus().consumer(address, m -> received(m.body()));
    TestHub.await(consumer.completion());
  }

  /** Records the events of {@code category} (address {@code hub.events.<category>}) from now on. */
  public static EventRecorder of(TestHub hub, String category) {
    return new EventRecorder(hub, "hub.events." + category, category);
  }

  /** Records every event (address {@code hub.events}) from now on. */
  public static EventRecorder all(TestHub hub) {
    return new EventRecorder(hub, "hub.events", "*");
  }

  private synchronized void received(HubEvent event) {
    received.add(event);
    if (waiter != null) {
      waiter.run();
    }
  }

  /** Waits until {@code count} events arrived in all, and returns every event so far in arrival order. */
  public List<HubEvent> await(int count) {
    return waitFor(() -> received.size() >= count ? List.copyOf(received) : null, count + " events");
  }

  /** The next event matching {@code filter}; the events passed over stay in {@link #seen()}. */
  public HubEvent next(Predicate<HubEvent> filter) {
    return waitFor(() -> {
      while (passed < received.size()) {
        HubEvent e = received.get(passed++);
        if (filter.test(e)) {
          return e;
        }
      }
      return null;
    }, "matching event");
  }

  /** The next event of type {@code type} and key {@code key} ({@code null} for any key). */
  public HubEvent next(String type, String key) {
    return next(e -> e.event().equals(type) && (key == null || key.equals(e.key())));
  }

  /** The events {@link #next} has passed so far, matching or not, in arrival order. */
  public synchronized List<HubEvent> seen() {
    return List.copyOf(received.subList(0, passed));
  }

  /** Every event received so far, in arrival order. */
  public synchronized List<HubEvent> received() {
    return List.copyOf(received);
  }

  private <T> T waitFor(Supplier<T> check, String what) {
    Promise<T> promise = Promise.promise();
    synchronized (this) {
      T now = check.get();
      if (now != null) {
        return now;
      }
      // Runs on the event loop that delivers: a filter that throws fails the wait instead of hanging it.
      waiter = () -> {
        try {
          T result = check.get();
          if (result != null) {
            waiter = null;
            promise.tryComplete(result);
          }
        } catch (RuntimeException | AssertionError e) {
          waiter = null;
          promise.tryFail(e);
        }
      };
    }
    try {
      return TestHub.await(promise.future());
    } catch (AssertionError e) {
      throw new AssertionError("no " + what + " within " + TestHub.TIMEOUT_SECONDS + "s; received " + received(), e);
    } finally {
      synchronized (this) {
        waiter = null;
      }
    }
  }

  /** Stops recording. */
  @Override
  public void close() {
    TestHub.await(consumer.unregister());
    hub.hub().interest().unwant(wanted);
  }
}
