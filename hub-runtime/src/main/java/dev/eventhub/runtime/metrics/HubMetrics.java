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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
  /**
   * The buckets of every latency histogram, in seconds: from half a millisecond (a group commit on a fast disk) to
   * ten seconds (a publish that waited out a stalled store), a few per decade.
   */
  public static final Duration[] LATENCY_BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1),
      Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2_500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

  private final PrometheusMeterRegistry registry;
  private final Timer appendLatency;
  private final Timer handoffLatency;
  private final Counter authFailures;
  private final Counter uncaught;
  private final Map<String, FunctionCounter> pluginErrors = new ConcurrentHashMap<>();
  private MultiGauge pluginStates;
  private CategorySeries categories;
  private Supplier<PluginManager> plugins = () -> null;
  private EventLog log;

  private HubMetrics(PrometheusMeterRegistry registry) {
    this.registry = registry;
    this.appendLatency = latency("hub.append.latency", "Time from a publish to its durable record, per call");
    this.handoffLatency = latency("hub.delivery.handoff",
        "Time from an event's record to its hand-off to the sinks, per committed group");
    this.authFailures = Counter.builder("hub.auth.failures").description("Requests refused for their token")
        .register(registry);
    this.uncaught = Counter.builder("hub.uncaught.errors")
        .description("Exceptions handlers threw that nothing caught").register(registry);
  }

  private Timer latency(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
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

  /**
   * Starts reporting the log's and the plugins' figures, with series of their own for at most {@code
   * maxCategories} categories ({@code metrics.maxCategories}).
   */
  public void bind(EventLog log, Supplier<PluginManager> plugins, int maxCategories) {
    this.log = log;
    this.plugins = plugins;
    Gauge.builder("hub.log.events", log, l -> l.stats().events()).description("Events retained in the log")
        .register(registry);
    Gauge.builder("hub.log.size", log, l -> l.stats().fileBytes()).baseUnit("bytes")
        .description("Size of the log's files").register(registry);
    FunctionCounter.builder("hub.log.pruned.events", log, l -> l.stats().pruned())
        .description("Events removed by retention since start").register(registry);
    FunctionCounter.builder("hub.log.commits", log, l -> l.stats().commits()).description("Group commits since start")
        .register(registry);
    Timer commit = latency("hub.log.commit", "Time of each group commit of the log's store (its transaction)");
    log.onCommit(nanos -> commit.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS));
    for (String reason : REFUSALS) {
      FunctionCounter.builder("hub.log.refused", log, l -> l.stats().refused().getOrDefault(reason, 0L))
          .description("Writes (events) the log refused, by reason; none of them was recorded")
          .tag("reason", reason).register(registry);
    }
    Gauge.builder("hub.log.storage.fault", log, l -> l.storageFault() == null ? 0 : 1)
        .description("1 while the log's store refuses writes (full, failing)").register(registry);
    categories = new CategorySeries(registry, maxCategories);
    // Retention emptied them: their meters go, or a hub seeing many short-lived categories would keep all.
    log.onCategoriesEmptied(categories::forget);
    pluginStates = MultiGauge.builder("hub.plugins").description("Plugins per state").register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Counts recorded events per category: called with each committed group, on the log's writer thread. */
  public void recorded(List<HubEvent> events) {
    if (categories == null) {
      return;
    }
    String category = null;
    int run = 0;
    for (HubEvent e : events) {
      if (!e.category().equals(category)) {
        if (run > 0) {
          categories.recorded(category, run);
        }
        category = e.category();
        run = 0;
      }
      run++;
    }
    if (run > 0) {
      categories.recorded(category, run);
    }
  }

  /**
   * Records the delay between {@code first}'s record (its timestamp, the millisecond it was recorded) and now,
   * when its group is handed to the sinks: once per group, so it costs nothing per event.
   */
  public void handedOff(HubEvent first) {
    long millis = System.currentTimeMillis() - first.timestamp().toEpochMilli();
    handoffLatency.record(Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
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
      refreshPluginErrors(manager, all);
    }
    if (log != null && categories != null) {
      categories.refresh(log.stats().perCategory());
    }
  }

  // A counter per plugin, read from the manager at each scrape; a plugin that is gone takes its series with it.
  private void refreshPluginErrors(PluginManager manager, List<PluginInfo> all) {
    Set<String> present = new HashSet<>();
    for (PluginInfo p : all) {
      if (p.kind() == null) {
        continue;
      }
      present.add(p.name());
      pluginErrors.computeIfAbsent(p.name(), name -> FunctionCounter.builder("hub.plugin.errors", manager,
              m -> m.plugins().stream().filter(i -> name.equals(i.name())).mapToLong(PluginInfo::errors).sum())
          .description("Uncaught exceptions counted against each plugin").tag("plugin", name).register(registry));
    }
    pluginErrors.keySet().removeIf(name -> {
      if (present.contains(name)) {
        return false;
      }
      registry.remove(pluginErrors.get(name));
      return true;
    });
  }
}
