package dev.eventhub.runtime.http;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.runtime.metrics.HubMetrics;
import dev.eventhub.runtime.plugin.PluginInfo;
import dev.eventhub.runtime.plugin.PluginManager;
import dev.eventhub.runtime.publish.HubPublisher;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The hub's own routes. Plugins add theirs through {@link PluginRoutes}. */
public final class HttpApi {
  static final String PRINCIPAL = "hub.principal";
  // What a starting hub answers: probes and metrics are about the hub itself, not its plugins.
  private static final java.util.Set<String> ALWAYS_ANSWERED = java.util.Set.of("/health", "/ready", "/metrics");

  private final Router router;
  private final Authenticator authenticator;
  private final Supplier<PluginManager> plugins;
  private final PluginRoutes pluginRoutes;
  private volatile boolean stopping;
  private volatile boolean accessLog;
  private volatile java.util.function.BooleanSupplier readiness = () -> true;
  private volatile Supplier<String> storageFault = () -> null;
  private volatile Supplier<io.vertx.core.Future<JsonObject>> clusterStatus = () -> io.vertx.core.Future.succeededFuture(
      new JsonObject().put("clustered", false).put("node", "local").put("leader", "local")
          .put("members", new JsonArray().add(new JsonObject().put("id", "local").put("role", "single"))));

  /**
   * @param plugins the plugin manager, looked up per request: it is created after the router
   */
  public HttpApi(Vertx vertx, Authenticator authenticator, HubPublisher publisher, EventHistory history,
      Supplier<PluginManager> plugins, long maxBodySize, HubMetrics metrics, boolean metricsNeedAdmin) {
    this(vertx, authenticator, publisher, history, plugins, maxBodySize, metrics, metricsNeedAdmin, null);
  }

  /**
   * @param plugins the plugin manager, looked up per request: it is created after the router
   * @param forwarder in a cluster, what sends requests no local route answers to the leader (after
   *     every other route, those plugins mount later included); null when not clustered. The caller
   *     closes it.
   */
  public HttpApi(Vertx vertx, Authenticator authenticator, HubPublisher publisher, EventHistory history,
      Supplier<PluginManager> plugins, long maxBodySize, HubMetrics metrics, boolean metricsNeedAdmin,
      LeaderForwarder forwarder) {
    this.router = Router.router(vertx);
    this.authenticator = authenticator;
    this.plugins = plugins;
    EventsApi events = new EventsApi(publisher, history);
    router.route().handler(this::accessLog);
    router.route().handler(this::refuseWhileStoppingOrStarting);
    router.get("/health").handler(QueryParameters.only("GET /health"))
        .handler(ctx -> json(ctx, 200, new JsonObject().put("status", "up")));
    router.get("/ready").handler(QueryParameters.only("GET /ready")).handler(this::ready);
    // The token and the scope the route implies before the body: an unauthenticated caller sends no body in.
    // (Two routes: Vert.x Web puts a body handler before any other on one route.)
    router.post("/api/events").handler(authenticated(HttpApi::mayPublishSomewhere, "token does not allow publish"))
        .handler(QueryParameters.only("POST /api/events"));
    router.post("/api/events").handler(BodyHandler.create(false).setBodyLimit(maxBodySize)).handler(events::publish);
    router.get("/api/events").handler(authenticated(p -> true))
        .handler(QueryParameters.only("GET /api/events", "categories", "events", "keys", "since", "limit", "attr"))
        .handler(events::history);
    router.get("/api/categories").handler(authenticated(p -> true))
        .handler(QueryParameters.only("GET /api/categories")).handler(this::categories);
    router.get("/api/plugins").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("GET /api/plugins")).handler(this::pluginList);
    // issue 20: the streaming sinks' connections, asked of each plugin over the event bus.
    ConnectionRoutes connections = new ConnectionRoutes(vertx, plugins);
    router.get("/api/connections").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("GET /api/connections")).handler(connections::list);
    router.delete("/api/connections/:id").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("DELETE /api/connections/{id}")).handler(connections::close);
    // issue 20: named consumers, asked of each plugin over the event bus (they live in the streaming sinks).
    ConsumerRoutes consumers = new ConsumerRoutes(vertx, plugins);
    router.get("/api/consumers").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("GET /api/consumers")).handler(consumers::list);
    router.delete("/api/consumers/:name").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("DELETE /api/consumers/{name}", "subject")).handler(consumers::delete);
    if (metrics != null) {
      var metricsRoute = router.get("/metrics");
      if (metricsNeedAdmin) {
        metricsRoute.handler(authenticated(HubPrincipal::isAdmin));
      }
      metricsRoute.handler(QueryParameters.only("GET /metrics"));
      metricsRoute.handler(ctx -> vertx.executeBlocking(metrics::scrape, false).onComplete(ar -> {
        if (ar.failed()) {
          Errors.respond(ctx, ar.cause());
        } else {
          ctx.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(ar.result());
        }
      }));
    }
    router.get("/api/cluster").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("GET /api/cluster")).handler(ctx -> clusterStatus.get()
        .onSuccess(status -> json(ctx, 200, status)).onFailure(e -> Errors.respond(ctx, e)));
    ApiDocuments documents = new ApiDocuments(vertx, plugins);
    router.get("/api/openapi.json").handler(authenticated(p -> true))
        .handler(QueryParameters.only("GET /api/openapi.json")).handler(ctx -> documents.openApi()
        .onSuccess(doc -> json(ctx, 200, doc)).onFailure(e -> Errors.respond(ctx, e)));
    router.get("/api/asyncapi.json").handler(authenticated(p -> true))
        .handler(QueryParameters.only("GET /api/asyncapi.json")).handler(ctx -> documents.asyncApi()
        .onSuccess(doc -> json(ctx, 200, doc)).onFailure(e -> Errors.respond(ctx, e)));
    router.post("/api/plugins/:name/:action").handler(authenticated(HubPrincipal::isAdmin))
        .handler(QueryParameters.only("POST /api/plugins/{name}/{action}")).handler(this::pluginAction);
    ConsoleRoutes.install(router);
    if (forwarder != null) {
      router.route().last().handler(forwarder);
    }
    for (int status : new int[] {400, 404, 405, 413, 500}) {
      router.errorHandler(status, Errors::onFailure);
    }
    router.route().failureHandler(Errors::onFailure);
    this.pluginRoutes = new PluginRoutes(router, authenticator);
  }

  public Router router() {
    return router;
  }

  /**
   * The server's request handler: the router, behind a check that the path's percent-escapes are
   * well formed (Vert.x Web would fail such a path with a bare 500 before any handler runs).
   */
  public io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> requestHandler() {
    return request -> {
      if (!wellEscaped(request.path())) {
        long start = System.nanoTime();
        request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
            .end(HubException.badRequest("the path has a malformed %-escape").toJson().encode());
        if (accessLog) {
          AccessLog.log(request, start);
        }
        return;
      }
      router.handle(request);
    };
  }

  static boolean wellEscaped(String path) {
    if (path == null) {
      return false;
    }
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || Character.digit(path.charAt(i + 1), 16) < 0
          || Character.digit(path.charAt(i + 2), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  /** What else {@code /ready} requires: in a cluster, that this node is in step with it. */
  public void readiness(java.util.function.BooleanSupplier inStep) {
    this.readiness = inStep;
  }

  /**
   * Where {@code /ready} learns whether the log's store takes writes: the fault's error code, or null.
   * A hub whose store refuses writes is not ready (a load balancer sends publishes elsewhere).
   */
  public void storageHealth(Supplier<String> fault) {
    this.storageFault = fault;
  }

  /** Where {@code GET /api/cluster} gets the members from, when the hub is clustered. */
  public void clusterStatus(Supplier<io.vertx.core.Future<JsonObject>> status) {
    this.clusterStatus = status;
  }

  /** Whether each request is logged to the access log ({@code http.accessLog}; issue 23). */
  public void accessLog(boolean on) {
    this.accessLog = on;
  }

  public PluginRoutes pluginRoutes() {
    return pluginRoutes;
  }

  /** From now on every request but {@code /health} is answered 503: the hub is shutting down. */
  public void stopAccepting() {
    stopping = true;
  }

  private void accessLog(RoutingContext ctx) {
    if (accessLog) {
      long start = System.nanoTime();
      ctx.addEndHandler(ended -> AccessLog.log(ctx.request(), start));
    }
    ctx.next();
  }

  /**
   * While the hub shuts down every request but {@code /health} is answered 503; while it starts (its
   * plugins not all started or failed) every request but {@code /health}, {@code /ready} and {@code
   * /metrics} is, with {@code Retry-After}: a client must not take the 404 of a route a plugin has
   * not mounted yet (the WebSocket's among them) for an answer.
   */
  private void refuseWhileStoppingOrStarting(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (stopping && !"/health".equals(path)) {
      ctx.response().putHeader("Connection", "close");
      Errors.respond(ctx, new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
      return;
    }
    PluginManager manager = plugins.get();
    if ((manager == null || !manager.settled()) && !ALWAYS_ANSWERED.contains(path)) {
      EarlyRefusal.respond(ctx, new HubException(ErrorCode.UNAVAILABLE, "the hub is starting"));
      return;
    }
    ctx.next();
  }

  private io.vertx.core.Handler<RoutingContext> authenticated(Predicate<HubPrincipal> allowed) {
    return authenticated(allowed, "token does not allow admin");
  }

  /**
   * Checks the token, and what the route alone requires of it, with the request paused: no body is read
   * until the caller is known (the body handler, next, resumes it).
   */
  private io.vertx.core.Handler<RoutingContext> authenticated(Predicate<HubPrincipal> allowed, String denied) {
    return ctx -> {
      if (!ctx.request().isEnded()) {
        ctx.request().pause();
      }
      authenticator.authenticate(ctx.request()).onComplete(ar -> {
        if (ar.failed()) {
          EarlyRefusal.respond(ctx, ar.cause());
        } else if (!allowed.test(ar.result())) {
          EarlyRefusal.respond(ctx, HubException.forbidden(denied));
        } else {
          ctx.put(PRINCIPAL, ar.result());
          ctx.next();
          if (!ctx.request().isEnded()) {
            ctx.request().resume();
          }
        }
      });
    };
  }

  // POST /api/events needs publish rights for some category; which ones the body decides.
  private static boolean mayPublishSomewhere(HubPrincipal principal) {
    return principal.scopes().stream().anyMatch(s -> s.startsWith("publish:"));
  }

  private void ready(RoutingContext ctx) {
    PluginManager manager = plugins.get();
    boolean inStep = readiness.getAsBoolean();
    String fault = storageFault.get();
    boolean ready = manager != null && manager.settled() && !stopping && inStep && fault == null;
    JsonArray list = new JsonArray();
    if (manager != null) {
      manager.plugins().forEach(p -> list.add(new JsonObject().put("name", p.name()).put("state", p.state().wireName())));
    }
    String status = ready ? "ready" : fault != null ? "storage refuses writes (" + fault + ")"
        : inStep ? "starting" : "out of step with the cluster";
    JsonObject body = new JsonObject().put("status", status).put("plugins", list);
    if (fault != null) {
      body.put("storage", fault);
    }
    if (!ready) {
      ctx.response().putHeader("Retry-After", Integer.toString(ErrorCode.UNAVAILABLE.retryAfterSeconds()));
    }
    json(ctx, ready ? 200 : 503, body);
  }

  private void categories(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    // Standby plugins' categories too: their worker runs on the cluster's leader.
    for (PluginInfo plugin : plugins.get().inService()) {
      for (CategoryDescriptor category : plugin.categories()) {
        JsonArray events = new JsonArray();
        for (EventTypeDescriptor e : category.events()) {
          events.add(new JsonObject().put("name", e.name()).put("description", e.description()));
        }
        out.add(new JsonObject().put("name", category.name()).put("plugin", plugin.name())
            .put("description", category.description()).put("events", events));
      }
    }
    json(ctx, 200, new JsonObject().put("categories", out));
  }

  private void pluginList(RoutingContext ctx) {
    JsonArray out = new JsonArray();
    plugins.get().plugins().forEach(p -> out.add(p.toJson().put("routes", pluginRoutes.prefixesOf(p.name()))));
    json(ctx, 200, new JsonObject().put("plugins", out));
  }

  private void pluginAction(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    PluginManager manager = plugins.get();
    io.vertx.core.Future<PluginInfo> result = switch (ctx.pathParam("action")) {
      case "stop" -> manager.stop(name);
      case "start" -> manager.start(name);
      case "reload" -> manager.reload(name);
      default -> io.vertx.core.Future.failedFuture(
          HubException.notFound("unknown plugin action '" + ctx.pathParam("action") + "': stop, start or reload"));
    };
    result.onSuccess(info -> json(ctx, 200, info.toJson())).onFailure(e -> Errors.respond(ctx, e));
  }

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
