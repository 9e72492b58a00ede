package dev.eventhub.kit.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A plugin's figures in the registry the hub's {@code /metrics} shows, read from a stats object at each scrape
 * (camelCase field names folded to snake_case): a figure that can go down (connections open) is a gauge {@code
 * hub_<plugin>_<field>}; a figure that only grows since the plugin started (frames sent) is a counter {@code
 * hub_<plugin>_<field>_total}, as Prometheus's conventions ask ({@code rate()} works on it). {@link #close()}
 * removes them, which a plugin must do when it stops: a meter holds the plugin's objects, and with them its
 * class loader.
 *
 * <pre>{@code
 * meters = PluginMeters.register("websocket", stats::toJson, List.of("connectionsOpen"), List.of("framesSent"));
 * ...
 * meters.close();   // in stop()
 * }</pre>
 */
public final class PluginMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  // Keeps the counters' state reachable while the plugin holds this object.
  private Supplier<io.vertx.core.json.JsonObject> stats;

  private PluginMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Registers a gauge per field. Without a registry (the hub runs with metrics off) nothing is
   * registered and {@link #close()} does nothing.
   *
   * @param plugin the plugin's name, the meters' prefix
   * @param stats a cheap, thread-safe snapshot of the figures, called at each scrape
   * @param fields the numeric fields of the snapshot to expose
   */
  public static PluginMeters register(String plugin, Supplier<io.vertx.core.json.JsonObject> stats, String... fields) {
    return register(plugin, stats, List.of(fields), List.of());
  }

  /**
   * Registers a gauge per field of {@code gauges} and a counter per field of {@code counters}. Without a registry
   * (the hub runs with metrics off) nothing is registered and {@link #close()} does nothing.
   *
   * @param plugin the plugin's name, the meters' prefix
   * @param stats a cheap, thread-safe snapshot of the figures, called at each scrape
   * @param gauges the fields that go up and down
   * @param counters the fields that only grow while the plugin runs (shown with {@code _total})
   */
  public static PluginMeters register(String plugin, Supplier<io.vertx.core.json.JsonObject> stats,
      List<String> gauges, List<String> counters) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    PluginMeters meters = new PluginMeters(registry);
    if (registry != null) {
      // Micrometer holds a meter's state weakly, and a method reference nobody else holds would be collected
      // (the meter then reads NaN): gauges hold it strongly, and this object (the plugin's) holds it for the
      // counters. close() removes the meters, and the references.
      meters.stats = stats;
      for (String field : gauges) {
        meters.meters.add(Gauge.builder(name(plugin, field), stats, s -> value(s.get(), field))
            .strongReference(true).register(registry));
      }
      for (String field : counters) {
        meters.meters.add(FunctionCounter.builder(name(plugin, field), stats, s -> value(s.get(), field))
            .register(registry));
      }
    }
    return meters;
  }

  private static String name(String plugin, String field) {
    return "hub." + plugin + "." + snake(field);
  }

  private static double value(io.vertx.core.json.JsonObject stats, String field) {
    Object v = stats.getValue(field);
    return v instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  static String snake(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
  }

  /** Removes this plugin's meters from the registry. */
  @Override
  public void close() {
    if (registry != null) {
      meters.forEach(registry::remove);
    }
    meters.clear();
    stats = null;
  }
}
