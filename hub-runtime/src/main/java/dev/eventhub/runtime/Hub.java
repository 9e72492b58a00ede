package dev.eventhub.runtime;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.EventInterest;
import dev.eventhub.runtime.auth.TokenService;
import dev.eventhub.runtime.cluster.ClusterMember;
import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.cluster.kafka.KafkaNode;
import io.vertx.core.eventbus.DeliveryOptions;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.http.HttpApi;
import dev.eventhub.runtime.http.WebSocketLimits;
import dev.eventhub.runtime.http.LeaderForwarder;
import dev.eventhub.runtime.http.ConnectionLimit;
import dev.eventhub.runtime.http.HttpServerVerticle;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.metrics.HubMetrics;
import dev.eventhub.runtime.plugin.PluginManager;
import dev.eventhub.runtime.plugin.impl.PluginContextImpl;
import dev.eventhub.runtime.publish.HubPublisher;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running hub: the log, auth, the HTTP server and the plugins, wired together. {@link
 * #start(HubConfig)} brings it up, {@link #stop()} takes it down gracefully.
 */
public final class Hub {
  private static final Logger LOG = LoggerFactory.getLogger(Hub.class);

  private final Vertx vertx;
  private final boolean ownsVertx;
  private final HubConfig config;
  private TokenService tokens;
  private EventLog log;
  private HubPublisher publisher;
  private HttpApi api;
  private final List<String> serverDeployments = new CopyOnWriteArrayList<>();
  private volatile PluginManager plugins;
  private Context deliveryContext;
  // Issue 24: small groups go on the event bus from the log's writer thread, large ones from deliveryContext.
  private DeliveryHandOff<HubEvent> handOff;
  private HubMetrics metrics;
  private Future<Void> stopped;
  private final Promise<Integer> listening = Promise.promise();
  // Set when clustered (cluster.kafka.bootstrapServers): this node's part in the cluster.
  private ClusterMember member;
  // Clustered: sends requests for plugins that run on the leader only there.
  private LeaderForwarder forwarder;
  // Events are delivered to this node's subscribers only: every node delivers from its own copy of the log.
  private static final DeliveryOptions LOCAL_ONLY = new DeliveryOptions().setLocalOnly(true);
  // Issue 24: an event goes on the bus only when someone in this process wants its category.
  private final EventInterests interests = new EventInterests();
  // Consumers outside plugins (an embedder's, a test's): every category until narrowed.
  private final EventInterests.Owner outside = interests.owner();

  private Hub(Vertx vertx, boolean ownsVertx, HubConfig config) {
    this.vertx = vertx;
    this.ownsVertx = ownsVertx;
    this.config = config;
  }

  private HubMetrics metrics() {
    if (metrics == null) {
      metrics = HubMetrics.create(null);
    }
    return metrics;
  }

  /**
   * Starts a hub on a Vert.x instance of its own (reporting Vert.x's metrics to {@code /metrics}),
   * closed again by {@link #stop()}.
   */
  public static Future<Hub> start(HubConfig config) {
    PrometheusMeterRegistry registry = config.bool("metrics.enabled") ? HubMetrics.newRegistry() : null;
    // A handler that holds an event loop longer than this is reported by Vert.x with its stack trace.
    VertxOptions vertxOptions = new VertxOptions()
        .setMaxEventLoopExecuteTime(config.duration("runtime.blockedThreadWarning").toNanos())
        .setBlockedThreadCheckInterval(Math.max(10, config.duration("runtime.blockedThreadWarning").toMillis() / 2));
    if (registry != null) {
      MicrometerMetricsOptions metricsOptions = new MicrometerMetricsOptions().setEnabled(true)
          .setJvmMetricsEnabled(true).setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
      // Event-bus metrics cost: the bus carries every event twice (its category's address and the
      // all-events one) and Vert.x looks its meters up per message. metrics.eventBus=false saves that.
      if (!config.bool("metrics.eventBus")) {
        metricsOptions.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
      }
      vertxOptions.setMetricsOptions(metricsOptions);
    }
    VertxBuilder builder = Vertx.builder().with(vertxOptions);
    if (registry != null) {
      builder.withMetrics(new MicrometerMetricsFactory(registry));
    }
    // Nodes talk only through Kafka: every hub, clustered or not, runs on a plain Vert.x of its own.
    Vertx vertx = builder.build();
    Hub hub = new Hub(vertx, true, config);
    hub.metrics = HubMetrics.create(registry);
    return hub.boot().onFailure(e -> vertx.close());
  }

  /** Starts a hub on {@code vertx}; {@link #stop()} leaves that instance open. */
  public static Future<Hub> start(Vertx vertx, HubConfig config) {
    return create(vertx, config).boot();
  }

  /** A hub on {@code vertx}, not yet started: {@link #boot()} starts it, {@link #listening()} tells its port early. */
  public static Hub create(Vertx vertx, HubConfig config) {
    return new Hub(vertx, false, config);
  }

  /**
   * Completes with the HTTP port as soon as the server listens, before plugins have started: {@code
   * /health} and {@code /ready} answer from then on.
   */
  public Future<Integer> listening() {
    return listening.future();
  }

  /** Starts the hub: completes once every plugin has started or failed. */
  public Future<Hub> boot() {
    registerCodec(vertx.eventBus());
    // Every delivery goes out from this one context, in commit order: subscribers see log order.
    deliveryContext = vertx.getOrCreateContext();
    handOff = new DeliveryHandOff<>(task -> deliveryContext.runOnContext(v -> task.run()), DeliveryHandOff.DIRECT_MAX,
        this::publish, group -> metrics.handedOff(group.get(0)));
    HubMetrics meters = metrics();
    try {
      ClusterSettings.refuseOldKeys(config);
    } catch (RuntimeException e) {
      listening.tryFail(e);
      return Future.failedFuture(e);
    }
    return vertx.executeBlocking(() -> TokenService.create(vertx, config))
        .compose(t -> {
          tokens = t;
          tokens.onFailure(meters::authFailed);
          return openLog();
        })
        .compose(l -> {
          log = l;
          meters.bind(log, () -> plugins, config.integer("metrics.maxCategories", 1, 10_000));
          publisher = new HubPublisher(log, config.integer("publish.maxBatchSize", 1, 100_000),
              config.bool("publish.restrictToDeclaredCategories"), () -> plugins.declaredCategories(),
              meters.appendLatency());
          ClusterView view = cluster();
          forwarder = view.clustered() ? LeaderForwarder.create(vertx, view) : null;
          api = new HttpApi(vertx, tokens, publisher, log, () -> plugins, config.number("http.maxBodySize"),
              config.bool("metrics.enabled") ? meters : null, config.bool("metrics.requireAdmin"), forwarder);
          api.storageHealth(log::storageFault);
          api.accessLog(config.bool("http.accessLog"));
          plugins = member == null ? new PluginManager(vertx, config, publisher, log, tokens, api.pluginRoutes(), view)
              : new PluginManager(vertx, config, publisher, log, member.leaderLog(), tokens, api.pluginRoutes(), view);
          plugins.interests(interests);
          api.pluginRoutes().onPluginError(this::routeHandlerFailed);
          if (member != null) {
            member.expose(api, meters.registry());
          }
          return listen();
        })
        .compose(port -> {
          listening.complete(port);
          plugins.httpPort(port);
          LOG.info("hub listening on http://" + config.string("http.host") + ":" + port
              + " (data " + config.directory("data.dir") + ", plugins " + config.directory("loader.dir") + ")");
          vertx.exceptionHandler(this::uncaught);
          return joinCluster(port);
        })
        .compose(v -> plugins.startAll())
        .onSuccess(v -> plugins.watch(config.duration("loader.watchInterval")))
        .map(v -> {
          LOG.info("hub ready: " + plugins.running().size() + " plugin(s) running");
          return this;
        })
        .onFailure(listening::tryFail)
        .recover(e -> closeAfterFailedStart().transform(ignored -> Future.failedFuture(e)));
  }

  // Kafka's classes load only in KafkaNode, when clustering is configured.
  private Future<EventLog> openLog() {
    if (!ClusterSettings.clustered(config)) {
      return EventLog.open(vertx, LogOptions.from(config), this::deliver);
    }
    return KafkaNode.open(vertx, config, this::deliver).map(m -> {
      member = m;
      return m.log();
    });
  }

  // In a cluster: caught up with the log before plugins start.
  private Future<Void> joinCluster(int port) {
    return member == null ? Future.succeededFuture() : member.join(port);
  }

  /** This hub's view of the cluster: {@link ClusterView#single()} when not clustered. */
  public ClusterView cluster() {
    return member != null ? member.view() : ClusterView.single();
  }

  // One server per event loop, all sharing one port, so connections spread over every event loop.
  private Future<Integer> listen() {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(config.string("http.host"))
        .setPort(config.integer("http.port", 0, 65535))
        .setMaxWebSocketFrameSize(WebSocketLimits.messageLimit(config))
        .setMaxWebSocketMessageSize(WebSocketLimits.messageLimit(config))
        .setCompressionSupported(true)
        // permessage-deflate, offered to clients that ask for it, only when enabled: it compresses every
        // frame once per connection (undoing encode-once fan-out) and keeps a deflater per connection.
        // Its cost is measured in docs/performance.md.
        .setPerMessageWebSocketCompressionSupported(WebSocketLimits.compression(config))
        .setPerFrameWebSocketCompressionSupported(false)
        // A connection with nothing read or written for this long is closed (WebSockets are pinged well within it).
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, config.duration("http.idleTimeout").toMillis()))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    ConnectionLimit limit = new ConnectionLimit(config.integer("http.maxConnections", 1, 1_000_000));
    api.pluginRoutes().connectionLimit(limit);
    int instances = config.integer("http.serverInstances", 0, 1024);
    int count = instances > 0 ? instances : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE;
    AtomicInteger port = new AtomicInteger();
    Set<Integer> ports = ConcurrentHashMap.newKeySet();
    // Servers of one Vert.x on the same port share it; for a random port Vert.x shares one only among
    // servers asking for the same negative port.
    if (options.getPort() == 0) {
      options.setPort(-1);
    }
    return vertx.deployVerticle(() -> new HttpServerVerticle(options, api.requestHandler(), port, ports, limit),
            new DeploymentOptions().setInstances(count))
        .compose(id -> {
          serverDeployments.add(id);
          return ports.size() == 1 ? Future.succeededFuture(port.get())
              : Future.failedFuture(new IllegalStateException("HTTP servers did not share one port: " + ports));
        });
  }

  private Future<Void> closeForwarder() {
    return forwarder == null ? Future.succeededFuture() : forwarder.close();
  }

  private Future<Void> closeServers() {
    List<Future<Void>> undeployed = new ArrayList<>();
    serverDeployments.forEach(id -> undeployed.add(vertx.undeploy(id)));
    serverDeployments.clear();
    return Future.join(undeployed).mapEmpty();
  }

  // An exception a handler threw and nothing caught: counted against the plugin whose loader was current.
  private void uncaught(Throwable error) {
    metrics().uncaughtError();
    String plugin = plugins.recordError(Thread.currentThread().getContextClassLoader());
    LOG.warn("uncaught exception in " + (plugin == null ? "the hub" : "plugin " + plugin)
        + ": " + error, error);
  }

  // An exception a plugin's route handler threw (answered internal already): counted against that plugin.
  private void routeHandlerFailed(String plugin, Throwable error) {
    metrics().uncaughtError();
    plugins.recordError(plugin);
    LOG.warn("uncaught exception in plugin " + plugin + " (a route handler): " + error, error);
  }

  private void deliver(List<HubEvent> events) {
    metrics.recorded(events);
    handOff.deliver(events);
  }

  // On the delivery context, or on the committing thread for a small group (DeliveryHandOff).
  private void publish(List<HubEvent> events) {
    EventBus bus = vertx.eventBus();
    for (HubEvent event : events) {
      if (!interests.wants(event.category())) {
        // Nobody here consumes the category: the event is in the log, for whoever subscribes later.
        continue;
      }
      bus.publish(PluginContextImpl.ADDRESS_PREFIX + event.category(), event, LOCAL_ONLY);
      bus.publish(PluginContextImpl.ALL_EVENTS, event, LOCAL_ONLY);
    }
  }

  private static void registerCodec(EventBus bus) {
    try {
      bus.registerDefaultCodec(HubEvent.class, new HubEventCodec());
    } catch (IllegalStateException alreadyRegistered) {
      // Another hub on the same Vert.x instance (tests) registered it already.
    }
  }

  /**
   * The interest of the event bus's consumers outside plugins (an embedder's, a test's, anything reaching the bus
   * through {@link #vertx()}): every category until {@link EventInterest#narrow() narrowed}. The hub's command line
   * ({@code bin/hub run}), where every consumer is a plugin, narrows it. Plugins have their own ({@link
   * dev.eventhub.api.spi.PluginContext#interest()}).
   */
  public EventInterest interest() {
    return outside;
  }

  /** The port the HTTP server listens on (the real one when the configured port was 0). */
  public int port() {
    return listening.future().result();
  }

  public Vertx vertx() {
    return vertx;
  }

  public HubConfig config() {
    return config;
  }

  public TokenService tokens() {
    return tokens;
  }

  public EventLog log() {
    return log;
  }

  public HubPublisher publisher() {
    return publisher;
  }

  public PluginManager plugins() {
    return plugins;
  }

  /** The hub's meters and the registry {@code /metrics} shows; plugins reach it through Vert.x's BackendRegistries. */
  public HubMetrics metricsRegistry() {
    return metrics();
  }

  /**
   * Shuts down gracefully: stop accepting requests, stop plugins in reverse start order (the
   * WebSocket sink closes its connections with 1001), close the server, finish the log's pending
   * writes and close it. Idempotent.
   */
  public synchronized Future<Void> stop() {
    if (stopped == null) {
      long timeout = config.duration("shutdown.timeout").toMillis();
      api.stopAccepting();
      stopped = plugins.stopAll()
          .compose(v -> closeServers())
          .eventually(this::closeForwarder)
          .eventually(this::closeLog)
          .eventually(this::closeTokens)
          .timeout(timeout, TimeUnit.MILLISECONDS)
          .eventually(() -> ownsVertx ? vertx.close() : Future.succeededFuture())
          .onComplete(ar -> LOG.info(ar.succeeded() ? "hub stopped" : "hub stopped with an error: " + ar.cause()));
    }
    return stopped;
  }

  private Future<Void> closeAfterFailedStart() {
    Future<Void> closing = Future.succeededFuture();
    if (plugins != null) {
      closing = closing.compose(v -> plugins.stopAll());
    }
    closing = closing.eventually(this::closeServers).eventually(this::closeForwarder);
    if (log != null) {
      closing = closing.eventually(this::closeLog);
    }
    return closing.eventually(this::closeTokens).otherwiseEmpty();
  }

  private Future<Void> closeLog() {
    return member != null ? member.close() : log.close();
  }

  // Stops the JWKS refresh timer, if keys come from an identity provider.
  private Future<Void> closeTokens() {
    if (tokens != null) {
      tokens.close();
    }
    return Future.succeededFuture();
  }
}
