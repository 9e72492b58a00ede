package dev.eventhub.runtime.metrics;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.plugin.PluginInfo;
import dev.eventhub.runtime.plugin.PluginManager;
import dev.eventhub.runtime.plugin.PluginState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The hub's own meters, in the registry Vert.x reports to when the hub made its Vert.x instance
 * (so one scrape shows both), else in a registry of their own. Plugins add theirs to the same
 * registry through {@code BackendRegistries.getDefaultNow()}.
 */
public final class HubMetrics {
  private static final List<String> REFUSALS =
      List.of("queue_full", "max_categories", "storage_full", "storage_unavailable");

  private final PrometheusMeterRegistry registry;
  private final Map<String, Counter> recorded = new ConcurrentHashMap<>();
  private final Timer appendLatency;
  private final Counter authFailures;
  private final Counter uncaught;
  private MultiGauge pluginStates;
  private MultiGauge pluginErrors;
  private MultiGauge perCategory;
  private Supplier<PluginManager> plugins = () -> null;
  private EventLog log;

  private HubMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.appendLatency = Timer.builder("hub.append.latency")
        .description("Time from a publish to its durable record, per batch")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(100_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
    this.authFailures = Counter.builder("hub.auth.failures").description("Requests refused for their token")
        .register(registry);
    this.uncaught = Counter.builder("hub.uncaught.errors")
        .description("Exceptions handlers threw that nothing caught").register(registry);
  }

  /** A registry for a Vert.x instance to report to: pass it to {@link #create(PrometheusMeterRegistry)} later. */
  public static PrometheusMeterRegistry newRegistry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }

  /** Hub meters in {@code registry}, or, when null, in the registry Vert.x reports to, or a new one. */
  public static HubMetrics create(PrometheusMeterRegistry registry) {
    if (registry != null) {
      return new HubMetrics(registry);
    }
    MeterRegistry vertxRegistry = BackendRegistries.getDefaultNow();
    return new HubMetrics(vertxRegistry instanceof PrometheusMeterRegistry p ? p : newRegistry());
  }

  /** Starts reporting the log's and the plugins' figures. */
  public void bind(EventLog log, Supplier<PluginManager> plugins) {
    this.log = log;
    this.plugins = plugins;
    Gauge.builder("hub.log.events", log, l -> l.stats().events()).description("Events retained in the log")
        .register(registry);
    Gauge.builder("hub.log.size", log, l -> l.stats().fileBytes()).baseUnit("bytes")
        .description("Size of the log's files").register(registry);
    Gauge.builder("hub.log.pruned", log, l -> l.stats().pruned()).description("Events removed by retention since start")
        .register(registry);
    Gauge.builder("hub.log.commits", log, l -> l.stats().commits()).description("Group commits since start")
        .register(registry);
    for (String reason : REFUSALS) {
      FunctionCounter.builder("hub.log.refused", log, l -> l.stats().refused().getOrDefault(reason, 0L))
          .description("Writes (events) the log refused, by reason; none of them was recorded")
          .tag("reason", reason).register(registry);
    }
    Gauge.builder("hub.log.storage.fault", log, l -> l.storageFault() == null ? 0 : 1)
        .description("1 while the log's store refuses writes (full, failing)").register(registry);
    // Retention emptied them: their meters go, or a hub seeing many short-lived categories would keep all.
    log.onCategoriesEmptied(this::forget);
    pluginStates = MultiGauge.builder("hub.plugins").description("Plugins per state").register(registry);
    pluginErrors = MultiGauge.builder("hub.plugin.errors").description("Uncaught exceptions per plugin")
        .register(registry);
    perCategory = MultiGauge.builder("hub.log.category.events").description("Events retained per category")
        .register(registry);
  }

  private void forget(java.util.Set<String> categories) {
    for (String category : categories) {
      Counter counter = recorded.remove(category);
      if (counter != null) {
        registry.remove(counter);
      }
    }
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts recorded events per category: called with each committed group, on the log's writer thread. */
  public void recorded(List<HubEvent> events) {
    String category = null;
    int run = 0;
    for (HubEvent e : events) {
      if (!e.category().equals(category)) {
        count(category, run);
        category = e.category();
        run = 0;
      }
      run++;
    }
    count(category, run);
  }

  private void count(String category, int events) {
    if (events > 0) {
      recorded.computeIfAbsent(category, c -> Counter.builder("hub.events.recorded")
          .description("Events recorded in the log").tag("category", c).register(registry)).increment(events);
    }
  }

  public Timer appendLatency() {
    return appendLatency;
  }

  public void authFailed() {
    authFailures.increment();
  }

  public void uncaughtError() {
    uncaught.increment();
  }

  /** The Prometheus text exposition, with the sampled figures refreshed first. */
  public String scrape() {
    refresh();
    return registry.scrape();
  }

  private void refresh() {
    PluginManager manager = plugins.get();
    if (manager != null && pluginStates != null) {
      List<PluginInfo> all = manager.plugins();
      List<MultiGauge.Row<?>> states = new ArrayList<>();
      for (PluginState state : PluginState.values()) {
        long n = all.stream().filter(p -> p.state() == state).count();
        states.add(MultiGauge.Row.of(Tags.of("state", state.wireName()), n));
      }
      pluginStates.register(states, true);
      List<MultiGauge.Row<?>> errors = new ArrayList<>();
      all.stream().filter(p -> p.kind() != null)
          .forEach(p -> errors.add(MultiGauge.Row.of(Tags.of("plugin", p.name()), p.errors())));
      pluginErrors.register(errors, true);
    }
    if (log != null && perCategory != null) {
      List<MultiGauge.Row<?>> rows = new ArrayList<>();
      log.stats().perCategory().forEach((c, n) -> rows.add(MultiGauge.Row.of(Tags.of("category", c), n)));
      perCategory.register(rows, true);
    }
  }
}
