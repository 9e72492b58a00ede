package dev.eventhub.runtime.plugin;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.HubPlugin;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.http.PluginRoutes;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.plugin.impl.LoaderSwap;
import dev.eventhub.runtime.plugin.impl.PluginContextImpl;
import dev.eventhub.runtime.plugin.impl.PluginScanner;
import dev.eventhub.runtime.plugin.impl.PluginScanner.Candidate;
import dev.eventhub.runtime.plugin.impl.PluginScanner.Failure;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Discovers, starts and stops plugins. A plugin that fails to load, validate or start is logged and
 * listed as failed; the others and the hub go on.
 */
public final class PluginManager {
  private static final Logger LOG = Logger.getLogger(PluginManager.class.getName());

  private final Vertx vertx;
  private final HubConfig config;
  private final EventPublisher publisher;
  private final EventLog log;
  private final Authenticator authenticator;
  private final PluginRoutes routes;
  private final Duration startTimeout;
  private final Set<String> disabled;
  private final List<ManagedPlugin> plugins = new CopyOnWriteArrayList<>();
  private final List<PluginInfo> loadFailures = new CopyOnWriteArrayList<>();
  private volatile boolean settled;

  public PluginManager(Vertx vertx, HubConfig config, EventPublisher publisher, EventLog log,
      Authenticator authenticator, PluginRoutes routes) {
    this.vertx = vertx;
    this.config = config;
    this.publisher = publisher;
    this.log = log;
    this.authenticator = authenticator;
    this.routes = routes;
    this.startTimeout = config.duration("loader.startTimeout");
    this.disabled = Set.copyOf(config.strings("loader.disabled"));
  }

  /** Finds every plugin and starts each in turn; completes when each has started or failed. */
  public Future<Void> startAll() {
    ClassLoader hub = PluginManager.class.getClassLoader();
    register(PluginScanner.scanClasspath(hub));
    register(PluginScanner.scanDirectory(config.directory("loader.dir"), hub));
    Future<Void> chain = Future.succeededFuture();
    for (ManagedPlugin plugin : plugins) {
      if (plugin.state == PluginState.STARTING) {
        chain = chain.compose(v -> start(plugin));
      }
    }
    return chain.onComplete(ar -> settled = true);
  }

  /** Whether every plugin found at startup has started or failed: what {@code /ready} reports. */
  public boolean settled() {
    return settled;
  }

  /** Stops the running plugins in the reverse of their start order. */
  public Future<Void> stopAll() {
    List<ManagedPlugin> reversed = new ArrayList<>(plugins);
    java.util.Collections.reverse(reversed);
    Future<Void> chain = Future.succeededFuture();
    for (ManagedPlugin plugin : reversed) {
      chain = chain.compose(v -> stop(plugin));
    }
    return chain;
  }

  /** Every plugin and every location that failed to load, in discovery order. */
  public List<PluginInfo> plugins() {
    List<PluginInfo> out = new ArrayList<>();
    plugins.forEach(p -> out.add(p.info()));
    out.addAll(loadFailures);
    return out;
  }

  /** The categories of running plugins: what {@code /api/categories} lists. */
  public List<PluginInfo> running() {
    return plugins.stream().filter(p -> p.state == PluginState.RUNNING).map(ManagedPlugin::info).toList();
  }

  /** The names of the categories running plugins declare. */
  public Set<String> declaredCategories() {
    Set<String> names = new HashSet<>();
    for (PluginInfo info : running()) {
      info.categories().forEach(c -> names.add(c.name()));
    }
    return names;
  }

  private void register(PluginScanner.Result result) {
    for (Failure f : result.failures()) {
      LOG.warning("plugin location " + f.location() + " skipped: " + f.reason());
      loadFailures.add(new PluginInfo(f.name(), "unknown", null, f.location(), PluginState.FAILED, f.reason(), List.of()));
    }
    for (Candidate c : result.candidates()) {
      plugins.add(new ManagedPlugin(c, admit(c)));
    }
  }

  // Decides whether a found plugin may start: a valid, unique name and not disabled.
  private String admit(Candidate c) {
    String name;
    try {
      name = c.plugin().name();
    } catch (RuntimeException | LinkageError e) {
      return "name() failed: " + e;
    }
    if (!EventDraft.isValidName(name)) {
      return "invalid plugin name '" + name + "': must match [a-z0-9-]+";
    }
    for (ManagedPlugin other : plugins) {
      if (name.equals(other.name) && other.state != PluginState.FAILED) {
        return "a plugin named '" + name + "' is already loaded from " + other.candidate.location();
      }
    }
    if (disabled.contains(name)) {
      return "disabled";
    }
    return null;
  }

  private Future<Void> start(ManagedPlugin p) {
    HubPlugin plugin = p.candidate.plugin();
    Deployable worker;
    PluginContextImpl context;
    try (LoaderSwap swap = LoaderSwap.to(p.candidate.loader())) {
      for (CategoryDescriptor category : p.categories) {
        if (!EventDraft.isValidName(category.name())) {
          throw new IllegalArgumentException("declares an invalid category name '" + category.name() + "'");
        }
      }
      plugin.validate(config.pluginConfig(p.name));
      context = new PluginContextImpl(vertx, p.name, config.pluginConfig(p.name), publisher, log,
          log.storage(p.name), authenticator, routes);
      worker = plugin.createVerticle(context);
    } catch (RuntimeException | LinkageError e) {
      fail(p, "configuration or creation failed: " + e.getMessage(), e);
      return Future.succeededFuture();
    }
    DeploymentOptions options = new DeploymentOptions().setConfig(config.pluginConfig(p.name));
    if (p.candidate.loader() != null) {
      options.setClassLoader(p.candidate.loader());
    }
    Promise<Void> settledPromise = Promise.promise();
    Future<String> deployment = vertx.deployVerticle(worker, options);
    deployment.timeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        p.deploymentId = ar.result();
        p.state = PluginState.RUNNING;
        LOG.info("plugin " + p.name + " " + p.version + " (" + p.candidate.kind().wireName() + ") started from "
            + p.candidate.location());
      } else {
        boolean timedOut = !deployment.isComplete();
        fail(p, timedOut ? "did not start within " + startTimeout.toSeconds() + "s" : "start failed: "
            + ar.cause().getMessage(), ar.cause());
        // A start that finishes after its timeout is undone, so a failed plugin holds nothing.
        deployment.onSuccess(id -> vertx.undeploy(id));
      }
      settledPromise.complete();
    });
    return settledPromise.future();
  }

  private Future<Void> stop(ManagedPlugin p) {
    if (p.state != PluginState.RUNNING || p.deploymentId == null) {
      return Future.succeededFuture();
    }
    String id = p.deploymentId;
    p.deploymentId = null;
    return vertx.undeploy(id)
        .timeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          routes.unmountAll(p.name);
          p.state = PluginState.STOPPED;
          if (ar.failed()) {
            LOG.log(Level.WARNING, "plugin " + p.name + " did not stop cleanly: " + ar.cause().getMessage());
          } else {
            LOG.info("plugin " + p.name + " stopped");
          }
        })
        .otherwiseEmpty()
        .mapEmpty();
  }

  private void fail(ManagedPlugin p, String reason, Throwable cause) {
    routes.unmountAll(p.name);
    p.state = PluginState.FAILED;
    p.error = reason;
    LOG.log(Level.WARNING, "plugin " + p.name + " from " + p.candidate.location() + " failed: " + reason,
        cause instanceof RuntimeException && !(cause instanceof dev.eventhub.api.HubException) ? cause : null);
  }

  /** One found plugin and what became of it. */
  private static final class ManagedPlugin {
    final Candidate candidate;
    final String name;
    final String version;
    final List<CategoryDescriptor> categories;
    volatile PluginState state;
    volatile String error;
    volatile String deploymentId;

    ManagedPlugin(Candidate candidate, String refusal) {
      this.candidate = candidate;
      this.name = safe(() -> candidate.plugin().name(), Path.of(candidate.location()).getFileName().toString());
      this.version = safe(() -> candidate.plugin().version(), "unknown");
      this.categories = safe(() -> List.copyOf(candidate.plugin().categories()), List.of());
      this.state = refusal == null ? PluginState.STARTING
          : "disabled".equals(refusal) ? PluginState.STOPPED : PluginState.FAILED;
      this.error = refusal;
      if (refusal != null && !"disabled".equals(refusal)) {
        LOG.warning("plugin " + name + " from " + candidate.location() + " not started: " + refusal);
      }
    }

    PluginInfo info() {
      return new PluginInfo(name, version, candidate.kind(), candidate.location(), state, error, categories);
    }

    private static <T> T safe(java.util.function.Supplier<T> getter, T fallback) {
      try {
        T value = getter.get();
        return value == null ? fallback : value;
      } catch (RuntimeException | LinkageError e) {
        return fallback;
      }
    }
  }
}
