package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.ClusterPlacement;
import dev.eventhub.api.spi.HubPlugin;
import dev.eventhub.api.spi.OutboundSettings;
import dev.eventhub.api.spi.PluginSummary;
import dev.eventhub.runtime.EventInterests;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.config.Outbound;
import dev.eventhub.runtime.http.PluginRoutes;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.plugin.PluginState;
import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops one plugin's worker: creates it off the event loop ({@link PluginLoading}), deploys
 * it under the plugin's class loader within the start timeout, undeploys it and removes its routes.
 * Records the outcome in the {@link ManagedPlugin}; never fails: a plugin that cannot start is marked
 * failed and the hub goes on.
 */
public final class PluginLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(PluginLauncher.class);

  private final Vertx vertx;
  private final HubConfig config;
  private final Writes nodeWrites;
  private final Writes leaderWrites;
  private final Authenticator authenticator;
  private final PluginRoutes routes;
  private final PluginLoading loading;
  private final Duration startTimeout;
  private volatile OutboundSettings outbound;
  private final AgentToolRegistry agentTools = new AgentToolRegistry();
  private volatile Supplier<List<PluginSummary>> catalog = List::of;
  // Issue 24: what plugins consume from the event bus; the hub's, once it is set.
  private volatile EventInterests interests = new EventInterests();
  // Sections of plugins.<name> read again by a reload, in place of those read at the hub's start.
  private final Map<String, JsonObject> sections = new ConcurrentHashMap<>();

  /**
   * Where one plugin's events and documents go: its publisher and the log its storage is taken from.
   *
   * @param log also what the plugin reads history from
   */
  public record Writes(EventPublisher publisher, EventLog log) {}

  /**
   * @param nodeWrites what plugins placed on every node write through: the node's own
   * @param leaderWrites what plugins placed on one node write through (in a cluster, the leader's
   *     fenced producer, so that a former leader's late write fails); the node's own when not clustered
   */
  public PluginLauncher(Vertx vertx, HubConfig config, Writes nodeWrites, Writes leaderWrites,
      Authenticator authenticator, PluginRoutes routes, PluginLoading loading) {
    this.vertx = vertx;
    this.config = config;
    this.nodeWrites = nodeWrites;
    this.leaderWrites = leaderWrites;
    this.authenticator = authenticator;
    this.routes = routes;
    this.loading = loading;
    this.startTimeout = config.duration("loader.startTimeout");
    this.outbound = Outbound.settings(config);
  }

  /** Where plugins read the hub's catalog ({@link dev.eventhub.api.spi.PluginContext#catalog()}) from. */
  public void catalog(Supplier<List<PluginSummary>> catalog) {
    this.catalog = catalog;
  }

  /** Issue 24: where plugins created from now on register what they consume from the event bus. */
  public void interests(EventInterests interests) {
    this.interests = interests;
  }

  /** Tells plugins created from now on the port the hub's HTTP server listens on (for self-loop checks). */
  public void httpPort(int port) {
    outbound = outbound.withHttpPort(port);
  }

  /**
   * The settings the plugin {@code name} gets from its next start on: its section of the settings
   * file as a reload read it again.
   */
  public void settings(String name, JsonObject section) {
    sections.put(name, section.copy());
  }

  private JsonObject section(String name) {
    JsonObject reread = sections.get(name);
    return reread != null ? reread.copy() : config.pluginConfig(name);
  }

  /** Creates and deploys the plugin's worker; completes when it runs or has failed. */
  public Future<Void> start(ManagedPlugin p) {
    Future<Deployable> creation = loading.underLoader(p.candidate.loader(), () -> create(p));
    return creation.timeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS).transform(created -> {
      if (created.succeeded()) {
        return deploy(p, created.result());
      }
      if (!creation.isComplete()) {
        fail(p, "was not created within " + startTimeout.toSeconds() + "s", null);
      } else {
        Throwable cause = created.cause() instanceof CreationFailed f ? f.getCause() : created.cause();
        fail(p, cause instanceof ClassCastException wrongType ? wrongType(p.name, wrongType)
            : "configuration or creation failed: " + cause.getMessage(), cause);
      }
      return Future.succeededFuture();
    });
  }

  /** Undeploys a running plugin and removes its routes; it is then stopped. A plugin on standby is just stopped. */
  public Future<Void> stop(ManagedPlugin p) {
    if (p.state == PluginState.STANDBY) {
      p.state = PluginState.STOPPED;
      return Future.succeededFuture();
    }
    if (p.state != PluginState.RUNNING || p.deploymentId == null) {
      return Future.succeededFuture();
    }
    String id = p.deploymentId;
    p.deploymentId = null;
    return vertx.undeploy(id)
        .timeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .onComplete(ar -> {
          routes.unmountAll(p.name);
          agentTools.removeAll(p.name);
          withdrawInterest(p);
          p.state = PluginState.STOPPED;
          if (ar.failed()) {
            LOG.warn("plugin " + p.name + " did not stop cleanly: " + ar.cause().getMessage());
          } else {
            LOG.info("plugin " + p.name + " stopped");
          }
        })
        .otherwiseEmpty()
        .mapEmpty();
  }

  // On a worker thread, under the plugin's class loader: plugin code may block or throw anything.
  private Deployable create(ManagedPlugin p) throws CreationFailed {
    try {
      HubPlugin plugin = p.candidate.plugin();
      for (CategoryDescriptor category : p.categories) {
        if (!EventDraft.isValidName(category.name())) {
          throw new IllegalArgumentException("declares an invalid category name '" + category.name() + "'");
        }
      }
      JsonObject settings = section(p.name);
      try {
        plugin.validate(settings.copy());
      } catch (IllegalArgumentException refused) {
        // A setting the plugin refuses (its message names it): the operator's to fix, reported without a trace.
        throw new ConfigException(refused.getMessage(), refused);
      } catch (ClassCastException wrongType) {
        // JsonObject's typed getters on a value of another type ("2s" read as a number): name the section at least.
        throw new ConfigException(wrongType(p.name, wrongType), wrongType);
      }
      Writes writes = p.placement == ClusterPlacement.ONE_NODE ? leaderWrites : nodeWrites;
      PluginContextImpl context = new PluginContextImpl(vertx, p.name, settings, writes.publisher(),
          writes.log(), writes.log().storage(p.name), authenticator, routes, outbound, () -> catalog.get(),
          agentTools.viewFor(p.name)).clustered(ClusterSettings.clustered(config)).interest(interestOf(p));
      return plugin.createVerticle(context);
    } catch (RuntimeException | LinkageError e) {
      throw new CreationFailed(e);
    }
  }

  // A new owner per start: whatever a previous run of the plugin registered was withdrawn when it stopped.
  private EventInterests.Owner interestOf(ManagedPlugin p) {
    withdrawInterest(p);
    EventInterests.Owner owner = interests.owner();
    p.interest = owner;
    return owner;
  }

  private static void withdrawInterest(ManagedPlugin p) {
    EventInterests.Owner owner = p.interest;
    if (owner != null) {
      owner.close();
      p.interest = null;
    }
  }

  private Future<Void> deploy(ManagedPlugin p, Deployable worker) {
    DeploymentOptions options = new DeploymentOptions().setConfig(section(p.name));
    if (p.candidate.loader() != null) {
      options.setClassLoader(p.candidate.loader());
    }
    Promise<Void> done = Promise.promise();
    Future<String> deployment = vertx.deployVerticle(worker, options);
    deployment.timeout(startTimeout.toMillis(), TimeUnit.MILLISECONDS).onComplete(ar -> {
      if (ar.succeeded()) {
        p.deploymentId = ar.result();
        p.state = PluginState.RUNNING;
        LOG.info("plugin " + p.name + " " + p.version + " (" + p.candidate.kind().wireName() + ") started from "
            + p.candidate.location());
      } else {
        boolean timedOut = !deployment.isComplete();
        fail(p, timedOut ? "did not start within " + startTimeout.toSeconds() + "s"
            : ar.cause() instanceof ClassCastException wrongType ? wrongType(p.name, wrongType)
            : "start failed: " + ar.cause().getMessage(), ar.cause());
        // A start that finishes after its timeout is undone, so a failed plugin holds nothing.
        deployment.onSuccess(id -> vertx.undeploy(id));
      }
      done.complete();
    });
    return done.future();
  }

  private static String wrongType(String plugin, ClassCastException e) {
    return "a setting of plugins." + plugin + " has the wrong type (" + e.getMessage() + "); hub-plugin-kit's "
        + "Settings names the key";
  }

  private void fail(ManagedPlugin p, String reason, Throwable cause) {
    routes.unmountAll(p.name);
    agentTools.removeAll(p.name);
    withdrawInterest(p);
    p.state = PluginState.FAILED;
    p.error = reason;
    boolean showTrace = cause instanceof RuntimeException && !(cause instanceof HubException)
        && !(cause instanceof ConfigException);
    LOG.warn("plugin " + p.name + " from " + p.candidate.location() + " failed: " + reason,
        showTrace ? cause : null);
  }

  /** What the plugin's own code threw while the worker was created: an error of the plugin, not of the hub. */
  private static final class CreationFailed extends Exception {
    CreationFailed(Throwable cause) {
      super(cause.getMessage(), cause, false, false);
    }
  }
}
