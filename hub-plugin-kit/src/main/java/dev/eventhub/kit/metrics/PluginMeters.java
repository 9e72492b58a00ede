package dev.eventhub.kit.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * A plugin's figures in the registry the hub's {@code /metrics} shows: each numeric field of a stats
 * object becomes a gauge {@code hub_<plugin>_<field>} (camelCase folded to snake_case), read at each
 * scrape. {@link #close()} removes them, which a plugin must do when it stops: a gauge holds the
 * plugin's objects, and with them its class loader.
 *
 * <pre>{@code
 * meters = PluginMeters.register("websocket", stats::toJson, "connectionsOpen", "framesSent");
 * ...
 * meters.close();   // in stop()
 * }</pre>
 */
public final class PluginMeters implements AutoCloseable {
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();

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
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    PluginMeters meters = new PluginMeters(registry);
    if (registry != null) {
      for (String field : fields) {
        // Strong: Micrometer holds a gauge's state weakly, and a method reference nobody else holds
        // would be collected (the gauge then reads NaN). close() removes the gauge, and the reference.
        meters.meters.add(Gauge.builder("hub." + plugin + "." + snake(field), stats, s -> value(s.get(), field))
            .strongReference(true)
            .register(registry));
      }
    }
    return meters;
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
  }
}
