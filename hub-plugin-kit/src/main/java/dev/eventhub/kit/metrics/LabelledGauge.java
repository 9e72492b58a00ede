package dev.eventhub.kit.metrics;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A gauge with one series per value of a label, in the registry the hub's {@code /metrics} shows, for figures a
 * plugin measures now and then (a named consumer's lag, issue 20): each {@link #set} replaces every series. The
 * caller bounds the rows (Prometheus suffers from unbounded labels); {@link #close()} removes them, which a plugin
 * must do when it stops. Without a registry (metrics off) it does nothing.
 */
public final class LabelledGauge implements AutoCloseable {
  private final MultiGauge gauge;
  // One holder per series, reused while the series lasts (Micrometer holds a gauge's object weakly: these are
  // held here); the rows are registered again only when the set of labels changes.
  private Map<String, Value> values = Map.of();

  private static final class Value {
    volatile double value;
  }

  private LabelledGauge(MultiGauge gauge) {
    this.gauge = gauge;
  }

  /**
   * @param name the dotted meter name, e.g. {@code hub.consumer.lag.events} ({@code hub_consumer_lag_events})
   * @param description the series' help text
   */
  public static LabelledGauge register(String name, String description) {
    var registry = BackendRegistries.getDefaultNow();
    return new LabelledGauge(registry == null ? null : MultiGauge.builder(name).description(description)
        .register(registry));
  }

  /** Replaces every series: one per entry, labelled {@code label=<key>}. One thread at a time. */
  public synchronized void set(String label, Map<String, ? extends Number> rows) {
    if (gauge == null) {
      return;
    }
    Map<String, Value> next = new java.util.HashMap<>();
    rows.forEach((key, number) -> {
      Value v = values.getOrDefault(key, new Value());
      v.value = number.doubleValue();
      next.put(key, v);
    });
    if (!next.keySet().equals(values.keySet())) {
      List<MultiGauge.Row<?>> out = new ArrayList<>(next.size());
      next.forEach((key, v) -> out.add(MultiGauge.Row.of(Tags.of(label, key), v, x -> x.value)));
      gauge.register(out, false);
    }
    values = next;
  }

  /** Removes every series. */
  @Override
  public void close() {
    if (gauge != null) {
      gauge.register(List.of(), true);
    }
    values = Map.of();
  }
}
