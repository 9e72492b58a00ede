package dev.eventhub.runtime.testing;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.HubEventCodec;
import dev.eventhub.runtime.auth.TokenService;
import dev.eventhub.runtime.plugin.impl.PluginContextImpl;
import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.http.HttpApi;
import dev.eventhub.runtime.http.LeaderForwarder;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.metrics.HubMetrics;
import dev.eventhub.runtime.plugin.PluginManager;
import dev.eventhub.runtime.publish.HubPublisher;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.util.Set;

/**
 * One cluster node's HTTP API and plugins, wired as {@code Hub} wires them but under a {@link
 * ClusterView} the test controls (a {@link FakeClusterView}): for placement and forwarding tests
 * without a real cluster. Its own Vert.x, loopback port 0, one HTTP server.
 */
public final class PlacementHub implements AutoCloseable {
  private final Vertx vertx;
  private final TokenService tokens;
  private final EventLog log;
  private final LeaderForwarder forwarder;
  private final PluginManager plugins;
  private final HttpServer server;
  private final WebClient client;

  private PlacementHub(Vertx vertx, TokenService tokens, EventLog log, LeaderForwarder forwarder, PluginManager plugins,
      HttpServer server) {
    this.vertx = vertx;
    this.tokens = tokens;
    this.log = log;
    this.forwarder = forwarder;
    this.plugins = plugins;
    this.server = server;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(server.actualPort()));
  }

  /** Starts a node on {@code config} (see {@link TestHub#config}); the view is built on the node's Vert.x. */
  public static PlacementHub start(HubConfig config, java.util.function.Function<Vertx, ClusterView> view) {
    return start(config, view, log -> log);
  }

  /**
   * Starts a node whose plugins placed on one node write through {@code leaderLog} applied to the
   * node's log (a cluster's leader writes through its fenced producer; see {@link FencedLogDouble}).
   * Recorded events are delivered on the event bus, as the hub delivers them.
   */
  public static PlacementHub start(HubConfig config, java.util.function.Function<Vertx, ClusterView> view,
      java.util.function.UnaryOperator<EventLog> leaderLog) {
    Vertx vertx = Vertx.vertx();
    ClusterView cluster = view.apply(vertx);
    TokenService tokens = TestHub.await(vertx.executeBlocking(() -> TokenService.create(vertx, config)));
    vertx.eventBus().registerDefaultCodec(HubEvent.class, new HubEventCodec());
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.from(config), events -> vertx.runOnContext(v -> {
      for (HubEvent event : events) {
        vertx.eventBus().publish(PluginContextImpl.ADDRESS_PREFIX + event.category(), event);
        vertx.eventBus().publish(PluginContextImpl.ALL_EVENTS, event);
      }
    })));
    PluginManager[] manager = new PluginManager[1];
    HubPublisher publisher = new HubPublisher(log, 1000, false, () -> manager[0].declaredCategories(),
        HubMetrics.create(null).appendLatency());
    LeaderForwarder forwarder = cluster.clustered() ? LeaderForwarder.create(vertx, cluster, LeaderForwarder.DEFAULT_TIMEOUT) : null;
    HttpApi api = new HttpApi(vertx, tokens, publisher, log, () -> manager[0], 1 << 20, null, false, forwarder);
    manager[0] = new PluginManager(vertx, config, publisher, log, leaderLog.apply(log), tokens, api.pluginRoutes(),
        cluster);
    HttpServer server = TestHub.await(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(api.requestHandler()).listen());
    TestHub.await(manager[0].startAll());
    return new PlacementHub(vertx, tokens, log, forwarder, manager[0], server);
  }

  public Vertx vertx() {
    return vertx;
  }

  /** The node's own log (not the leader's, when a test gave one). */
  public EventLog log() {
    return log;
  }

  public PluginManager plugins() {
    return plugins;
  }

  public int port() {
    return server.actualPort();
  }

  /** This node's HTTP base address, as a {@link ClusterView} names the leader's. */
  public String base() {
    return "http://127.0.0.1:" + port();
  }

  /** A token with every scope, valid on every node of the test (they share {@link TestHub#SECRET}). */
  public String adminToken() {
    return tokens.issue("test", Set.of("subscribe:*", "publish:*", "admin"), Duration.ofHours(1));
  }

  /**
   * Waits until every plugin change asked for so far (leadership changes included) has been applied:
   * the manager runs changes one at a time, so a rescan of the (unchanged) plugins folder queued now
   * completes after them.
   */
  public void settle() {
    TestHub.await(plugins.rescan());
  }

  /** A request to this node, to send as the test likes. */
  public HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return client.request(method, uri);
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, String token, Buffer body) {
    var request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return TestHub.await(body == null ? request.send() : request.sendBuffer(body));
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  @Override
  public void close() {
    try {
      client.close();
      TestHub.await(plugins.stopAll()
          .compose(v -> server.close())
          .eventually(() -> forwarder == null ? Future.succeededFuture() : forwarder.close())
          .eventually(() -> log.close()));
    } finally {
      TestHub.await(vertx.close());
    }
  }
}
