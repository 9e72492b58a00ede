package dev.eventhub.runtime;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.spi.EventInterest;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which categories someone in this process consumes from the event bus (issue 24): the hub puts a recorded event
 * there only when {@link #wants} says so. Each consumer is an {@link Owner} (a plugin, or the hub's outside
 * consumers), which wants every category until it narrows, and whose wants are withdrawn when it closes.
 *
 * <p>{@link #wants} is on the delivery path, once per event: two reads, no lock, no allocation.
 */
public final class EventInterests {
  // Owners that did not narrow, and wants of a glob: each wants every category.
  private final AtomicInteger everything = new AtomicInteger();
  // Wants per category name; a category leaves the map when its count falls to 0.
  private final ConcurrentHashMap<String, Integer> categories = new ConcurrentHashMap<>();

  /** Whether some consumer wants the events of {@code category}. */
  public boolean wants(String category) {
    return everything.get() > 0 || categories.containsKey(category);
  }

  /** A new consumer, wanting every category until it {@link Owner#narrow() narrows}. */
  public Owner owner() {
    everything.incrementAndGet();
    return new Owner();
  }

  private void add(String category, int delta) {
    if (!EventDraft.isValidName(category)) {
      // A glob (or anything that is not one category's name) may match any category.
      everything.addAndGet(delta);
      return;
    }
    categories.compute(category, (name, count) -> {
      int now = (count == null ? 0 : count) + delta;
      return now <= 0 ? null : now;
    });
  }

  /** One consumer's interest: what {@link dev.eventhub.api.spi.PluginContext#interest()} hands a plugin. */
  public final class Owner implements EventInterest {
    // Guarded by this: this owner's wants, to withdraw them when it closes.
    private final Map<String, Integer> mine = new HashMap<>();
    private boolean narrowed;
    private boolean closed;

    private Owner() {
    }

    @Override
    public synchronized void narrow() {
      if (!narrowed && !closed) {
        narrowed = true;
        everything.decrementAndGet();
      }
    }

    @Override
    public synchronized void want(String category) {
      Objects.requireNonNull(category, "category");
      if (!closed) {
        mine.merge(category, 1, Integer::sum);
        add(category, 1);
      }
    }

    @Override
    public synchronized void unwant(String category) {
      Integer count = category == null ? null : mine.get(category);
      if (count == null) {
        return;
      }
      if (count == 1) {
        mine.remove(category);
      } else {
        mine.put(category, count - 1);
      }
      add(category, -1);
    }

    /** Withdraws everything this owner wanted: it stopped. Idempotent. */
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      if (!narrowed) {
        everything.decrementAndGet();
      }
      mine.forEach((category, count) -> add(category, -count));
      mine.clear();
    }
  }
}
