package dev.eventhub.runtime.plugin;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginSummary;
import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.http.PluginRoutes;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.plugin.impl.LocationWatcher;
import dev.eventhub.runtime.plugin.impl.ManagedPlugin;
import dev.eventhub.runtime.plugin.impl.OneNodePlacement;
import dev.eventhub.runtime.plugin.impl.PluginAdmission;
import dev.eventhub.runtime.plugin.impl.PluginLauncher;
import dev.eventhub.runtime.plugin.impl.PluginLoading;
import dev.eventhub.runtime.publish.HubPublisher;
import dev.eventhub.runtime.plugin.impl.PluginScanner.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovers, starts, stops and reloads plugins. A plugin that fails to load, validate or start is
 * logged and listed as failed; the others and the hub go on. With watching on, jars added to,
 * replaced in or removed from the plugins folder are loaded, reloaded or unloaded while the hub runs.
 * Every change runs one after the other, never two at once. What blocks (reading jars, the plugins' own
 * code while they are found and created, closing their class loaders) runs on worker threads ({@link
 * PluginLoading}), so the hub answers requests while a plugin loads, however long that takes.
 *
 * <p>In a cluster, plugins placed on one node ({@link ClusterPlacement#ONE_NODE}) run only while this
 * node is the leader; otherwise they are {@link PluginState#STANDBY standby}, and are started when
 * this node gains leadership and stopped back to standby when it loses it. Admin actions on a node
 * that is not the leader change only the state: a stopped plugin stays stopped when leadership comes,
 * a start puts it in standby.
 */
public final class PluginManager {
  private static final Logger LOG = LoggerFactory.getLogger(PluginManager.class);

  private final Vertx vertx;
  private final HubConfig config;
  private final ClusterView cluster;
  private final PluginLoading loading;
  private final PluginLauncher launcher;
  private final OneNodePlacement placement;
  private final PluginAdmission admission;
  private final Path pluginDir;
  private final LocationWatcher watcher;
  private final List<ManagedPlugin> plugins = new CopyOnWriteArrayList<>();
  private final List<PluginInfo> loadFailures = new CopyOnWriteArrayList<>();
  private Future<?> serial = Future.succeededFuture();
  private volatile boolean settled;
  private volatile boolean stopping;
  private long watchTimer = -1;

  /** A manager for a hub that is not clustered: every plugin runs here. */
  public PluginManager(Vertx vertx, HubConfig config, EventPublisher publisher, EventLog log,
      Authenticator authenticator, PluginRoutes routes) {
    this(vertx, config, publisher, log, authenticator, routes, ClusterView.single());
  }

  /**
   * A manager whose plugins all write through the node's own log (a hub that is not clustered, or
   * tests of placement alone).
   *
   * @param cluster decides where plugins placed on one node run; its leadership changes start and
   *     stop them
   */
  public PluginManager(Vertx vertx, HubConfig config, EventPublisher publisher, EventLog log,
      Authenticator authenticator, PluginRoutes routes, ClusterView cluster) {
    this(vertx, config, new PluginLauncher.Writes(publisher, log), new PluginLauncher.Writes(publisher, log),
        authenticator, routes, cluster);
  }

  /**
   * A clustered node's manager: plugins placed on one node publish and store through {@code leaderLog}
   * (the log whose writes go through the leader's fenced producer), so that a node that lost
   * leadership without knowing it yet (paused past its session) cannot write; the others through
   * the node's own log.
   */
  public PluginManager(Vertx vertx, HubConfig config, HubPublisher publisher, EventLog log, EventLog leaderLog,
      Authenticator authenticator, PluginRoutes routes, ClusterView cluster) {
    this(vertx, config, new PluginLauncher.Writes(publisher, log),
        new PluginLauncher.Writes(publisher.through(leaderLog), leaderLog), authenticator, routes, cluster);
  }

  private PluginManager(Vertx vertx, HubConfig config, PluginLauncher.Writes nodeWrites,
      PluginLauncher.Writes leaderWrites, Authenticator authenticator, PluginRoutes routes, ClusterView cluster) {
    this.vertx = vertx;
    this.config = config;
    this.cluster = cluster;
    this.loading = new PluginLoading(vertx, PluginManager.class.getClassLoader());
    this.launcher = new PluginLauncher(vertx, config, nodeWrites, leaderWrites, authenticator, routes, loading);
    this.placement = new OneNodePlacement(cluster, launcher);
    launcher.catalog(() -> inService().stream()
        .map(p -> new PluginSummary(p.name(), p.version(), p.kind(), p.categories())).toList());
    this.admission = new PluginAdmission(Set.copyOf(config.strings("loader.disabled")));
    this.pluginDir = config.directory("loader.dir");
    this.watcher = new LocationWatcher(pluginDir);
    // Whatever the flag says, each change is applied against the view's state at its turn.
    cluster.onLeadershipChange(leader -> serially(this::followLeadership));
  }

  /** Issue 24: where plugins started from now on register what they consume from the event bus. */
  public void interests(dev.eventhub.runtime.EventInterests interests) {
    launcher.interests(interests);
  }

  /** Tells plugins started from now on the port the hub's HTTP server listens on (for self-loop checks). */
  public void httpPort(int port) {
    launcher.httpPort(port);
  }

  /** Finds every plugin and starts each in turn; completes when each has started or failed. */
  public Future<Void> startAll() {
    return serially(() -> loading.scanAll(pluginDir, watcher).compose(found -> startEach(register(found))))
        .onComplete(ar -> settled = true);
  }

  /** Polls the plugins folder every {@code interval} and applies what changed; 0 turns watching off. */
  public void watch(Duration interval) {
    if (!interval.isZero() && !interval.isNegative()) {
      watchTimer = vertx.setPeriodic(interval.toMillis(), id -> {
        if (serial.isComplete()) {
          rescan();
        }
      });
    }
  }

  /** Scans the plugins folder now and applies what changed; completes when done. */
  public Future<Void> rescan() {
    return serially(() -> vertx.executeBlocking(watcher::scan, false).compose(changes -> {
      Future<Void> chain = Future.succeededFuture();
      for (Path p : changes.removed()) {
        chain = chain.compose(v -> unloadLocation(p)).compose(names -> startDuplicatesOf(names));
      }
      for (Path p : changes.changed()) {
        chain = chain.compose(v -> unloadLocation(p)).compose(names -> loadLocation(p).compose(v -> startDuplicatesOf(names)));
      }
      for (Path p : changes.added()) {
        chain = chain.compose(v -> loadLocation(p));
      }
      return chain;
    }));
  }

  /** Whether every plugin found at startup has started or failed: what {@code /ready} reports. */
  public boolean settled() {
    return settled;
  }

  /** Stops the running plugins in the reverse of their start order, and stops watching. */
  public Future<Void> stopAll() {
    stopping = true;
    if (watchTimer >= 0) {
      vertx.cancelTimer(watchTimer);
    }
    return serially(() -> {
      List<ManagedPlugin> reversed = new ArrayList<>(plugins);
      Collections.reverse(reversed);
      Future<Void> chain = Future.succeededFuture();
      for (ManagedPlugin plugin : reversed) {
        chain = chain.compose(v -> launcher.stop(plugin));
      }
      return chain;
    });
  }

  /** Stops one plugin, keeping it listed as stopped. */
  public Future<PluginInfo> stop(String name) {
    return serially(() -> find(name).compose(p -> launcher.stop(p).map(v -> p.info())));
  }

  /** Starts a stopped or failed plugin again, with a new worker. */
  public Future<PluginInfo> start(String name) {
    return serially(() -> find(name).compose(p -> {
      if (p.state == PluginState.RUNNING || p.state == PluginState.STARTING || p.state == PluginState.STANDBY) {
        return Future.failedFuture(HubException.conflict("plugin '" + name + "' is " + p.state.wireName()));
      }
      p.state = PluginState.STARTING;
      p.error = null;
      return placement.launch(p).map(v -> p.info());
    }));
  }

  /**
   * Stops a plugin and starts it again with its section of the settings file read again ({@code
   * plugins.<name>}, with the same environment overrides; the hub's other settings stay as they were
   * at its start); one from the plugins folder is loaded anew from its jar, with a new class loader
   * (picking up a replaced jar). A settings file that cannot be read fails the reload with {@code
   * bad_request} naming the problem, and the plugin runs on untouched.
   */
  public Future<PluginInfo> reload(String name) {
    return serially(() -> find(name).compose(found -> vertx.executeBlocking(() -> config.rereadPluginConfig(name), false)
        .recover(e -> Future.failedFuture(e instanceof ConfigException ? HubException.badRequest(
            "plugin '" + name + "' not reloaded: " + e.getMessage()) : e))
        .map(section -> {
          launcher.settings(name, section);
          return found;
        })).compose(p -> {
      if (p.candidate.loader() == null) {
        return launcher.stop(p).compose(v -> {
          p.state = PluginState.STARTING;
          p.error = null;
          return placement.launch(p);
        }).map(v -> p.info());
      }
      Path location = Path.of(p.candidate.location());
      return unloadLocation(location).compose(v -> loadLocation(location)).compose(v -> find(name)).map(ManagedPlugin::info);
    }));
  }

  /** Every plugin and every location that failed to load, in discovery order. */
  public List<PluginInfo> plugins() {
    List<PluginInfo> out = new ArrayList<>();
    plugins.forEach(p -> out.add(p.info()));
    out.addAll(loadFailures);
    return out;
  }

  /** The running plugins. */
  public List<PluginInfo> running() {
    return plugins.stream().filter(p -> p.state == PluginState.RUNNING).map(ManagedPlugin::info).toList();
  }

  /**
   * The plugins in service cluster-wide as far as this node knows: those running here and those on
   * standby (running on the leader). What {@code /api/categories} lists.
   */
  public List<PluginInfo> inService() {
    return plugins.stream().filter(p -> p.state == PluginState.RUNNING || p.state == PluginState.STANDBY)
        .map(ManagedPlugin::info).toList();
  }

  /**
   * The descriptors of the plugins in service (as {@link #inService()}), by name: what the hub's API
   * documents are assembled from.
   */
  public java.util.Map<String, dev.eventhub.api.spi.HubPlugin> describedInService() {
    java.util.Map<String, dev.eventhub.api.spi.HubPlugin> out = new java.util.LinkedHashMap<>();
    plugins.stream().filter(p -> p.state == PluginState.RUNNING || p.state == PluginState.STANDBY)
        .forEach(p -> out.put(p.name, p.candidate.plugin()));
    return out;
  }

  /** The names of the categories the plugins in service declare. */
  public Set<String> declaredCategories() {
    Set<String> names = new HashSet<>();
    for (PluginInfo info : inService()) {
      info.categories().forEach(c -> names.add(c.name()));
    }
    return names;
  }

  /** The class loader of a loaded plugin (null for the classpath's): for diagnostics and tests. */
  public ClassLoader loaderOf(String name) {
    return plugins.stream().filter(p -> p.name.equals(name)).map(p -> (ClassLoader) p.candidate.loader())
        .findFirst().orElse(null);
  }

  /**
   * Counts an exception that a handler threw and nothing caught, against the plugin whose class loader
   * was the thread's context loader (Vert.x sets it per deployment). Returns that plugin's name, or null.
   */
  public String recordError(ClassLoader contextLoader) {
    for (ManagedPlugin p : plugins) {
      if (p.candidate.loader() != null && p.candidate.loader() == contextLoader) {
        p.errors.incrementAndGet();
        return p.name;
      }
    }
    return null;
  }

  /** Counts an exception that a route handler of the running plugin {@code name} threw and nothing caught. */
  public void recordError(String name) {
    plugins.stream().filter(p -> p.name.equals(name) && p.state == PluginState.RUNNING).findFirst()
        .ifPresent(p -> p.errors.incrementAndGet());
  }

  private <T> Future<T> serially(Supplier<Future<T>> operation) {
    synchronized (this) {
      Future<T> next = serial.transform(ignored -> {
        try {
          return operation.get();
        } catch (RuntimeException e) {
          return Future.failedFuture(e);
        }
      });
      serial = next;
      return next;
    }
  }

  private Future<ManagedPlugin> find(String name) {
    return plugins.stream().filter(p -> p.name.equals(name)).findFirst().map(Future::succeededFuture)
        .orElseGet(() -> Future.failedFuture(HubException.notFound("no plugin named '" + name + "'")));
  }

  private Future<Void> loadLocation(Path location) {
    if (stopping) {
      return Future.succeededFuture();
    }
    return loading.scanLocation(location).compose(found -> startEach(register(found)));
  }

  /**
   * Starts, for each of {@code names} no longer held, the first plugin that was refused as a duplicate
   * of it: two versions side by side, the one left takes over once the other's jar is removed.
   */
  private Future<Void> startDuplicatesOf(Set<String> names) {
    Future<Void> chain = Future.succeededFuture();
    if (stopping) {
      return chain;
    }
    for (String name : names) {
      if (plugins.stream().anyMatch(p -> p.name.equals(name) && !p.duplicate && p.state != PluginState.FAILED)) {
        continue;
      }
      ManagedPlugin heir = plugins.stream().filter(p -> p.name.equals(name) && p.duplicate).findFirst().orElse(null);
      if (heir != null) {
        heir.duplicate = false;
        heir.refused = false;
        heir.error = null;
        heir.state = PluginState.STARTING;
        LOG.info("plugin " + name + " from " + heir.candidate.location() + ": the other jar of that name left; starting");
        chain = chain.compose(v -> placement.launch(heir));
      }
    }
    return chain;
  }

  /** Stops and forgets the plugins of {@code location}; completes with their names. */
  private Future<Set<String>> unloadLocation(Path location) {
    String where = location.toString();
    loadFailures.removeIf(f -> f.location().equals(where));
    List<ManagedPlugin> mine = plugins.stream().filter(p -> p.candidate.location().equals(where)).toList();
    Future<Void> chain = Future.succeededFuture();
    for (ManagedPlugin p : mine) {
      chain = chain.compose(v -> launcher.stop(p));
    }
    return chain.eventually(() -> {
      plugins.removeAll(mine);
      mine.forEach(p -> LOG.info("plugin " + p.name + " " + p.version + " unloaded from " + where));
      return loading.close(mine.stream().map(p -> p.candidate.loader()).toList());
    }).map(v -> {
      Set<String> names = new HashSet<>();
      mine.stream().filter(p -> !p.duplicate).forEach(p -> names.add(p.name));
      return names;
    });
  }

  private List<ManagedPlugin> register(PluginLoading.Found found) {
    for (Failure f : found.failures()) {
      LOG.warn("plugin location " + f.location() + " skipped: " + f.reason());
      loadFailures.add(new PluginInfo(f.name(), "unknown", null, f.location(), PluginState.FAILED, f.reason(), List.of(), 0));
    }
    for (ManagedPlugin p : found.plugins()) {
      admission.admit(p, plugins);
      plugins.add(p);
    }
    return found.plugins();
  }

  private Future<Void> startEach(List<ManagedPlugin> found) {
    Future<Void> chain = Future.succeededFuture();
    for (ManagedPlugin plugin : found) {
      if (plugin.state == PluginState.STARTING) {
        chain = chain.compose(v -> placement.launch(plugin));
      }
    }
    return chain;
  }

  private Future<Void> followLeadership() {
    return stopping ? Future.succeededFuture() : placement.follow(plugins);
  }
}
