package dev.eventhub.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-category series, bounded: a hub may hold up to {@code log.maxCategories} (10,000) categories, and a
 * series per category each would swamp Prometheus. At most {@code metrics.maxCategories} categories get series
 * of their own; the rest are summed under the label {@value #OTHER} (not a category name: those are {@code
 * [a-z0-9-]+}).
 */
final class CategorySeries {
  static final String OTHER = "_other";

  private final MeterRegistry registry;
  private final int max;
  private final Map<String, Counter> recorded = new ConcurrentHashMap<>();
  private final MultiGauge retained;

  CategorySeries(MeterRegistry registry, int max) {
    this.registry = registry;
    this.max = max;
    this.retained = MultiGauge.builder("hub.log.category.events")
        .description("Events retained per category (the largest metrics.maxCategories; the rest as _other)")
        .register(registry);
  }

  /** Counts {@code events} recorded in {@code category}: on the log's writer thread only. */
  void recorded(String category, int events) {
    Counter counter = recorded.get(category);
    if (counter == null) {
      // Slots go to categories in the order they first get events, and free up when retention empties one.
      String label = recorded.size() < max ? category : OTHER;
      counter = recorded.computeIfAbsent(label, c -> Counter.builder("hub.events.recorded")
          .description("Events recorded in the log, per category (metrics.maxCategories of them; the rest as _other)")
          .tag("category", c).register(registry));
    }
    counter.increment(events);
  }

  /** Retention emptied these categories: their series go, freeing their slots. */
  void forget(Set<String> categories) {
    for (String category : categories) {
      Counter counter = recorded.remove(category);
      if (counter != null) {
        registry.remove(counter);
      }
    }
  }

  /** Refreshes the retained-events gauge: the largest categories, then the rest as one row. */
  void refresh(Map<String, Long> perCategory) {
    List<Map.Entry<String, Long>> largest = new ArrayList<>(perCategory.entrySet());
    largest.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    long rest = 0;
    for (int i = 0; i < largest.size(); i++) {
      if (i < max) {
        rows.add(MultiGauge.Row.of(Tags.of("category", largest.get(i).getKey()), largest.get(i).getValue()));
      } else {
        rest += largest.get(i).getValue();
      }
    }
    if (largest.size() > max) {
      rows.add(MultiGauge.Row.of(Tags.of("category", OTHER), rest));
    }
    retained.register(rows, true);
  }
}
