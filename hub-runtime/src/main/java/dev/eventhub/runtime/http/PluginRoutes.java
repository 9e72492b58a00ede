package dev.eventhub.runtime.http;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.RouteAccess;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.core.http.HttpConnection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The routes plugins mount on the hub's router, with the access check the plugin asked for, and their
 * removal when a plugin stops.
 */
public final class PluginRoutes {
  private volatile ConnectionLimit limit;
  private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)+");
  private static final Pattern CATEGORY_PREFIX = Pattern.compile("/api/([a-z0-9-]+)");
  // The hub's own paths, the web console's among them (ConsoleRoutes).
  private static final List<String> RESERVED = List.of("/api/events", "/api/categories", "/api/plugins",
      "/api/cluster", "/api/openapi.json", "/api/asyncapi.json", "/health", "/ready", "/metrics", "/console",
      "/index.html", "/client", // issue 19: the JavaScript client
      "/api/connections"); // issue 20: the streaming sinks' connections

  private final Router router;
  private final Authenticator authenticator;
  private final Map<String, Mount> mounts = new ConcurrentHashMap<>();
  private volatile BiConsumer<String, Throwable> pluginErrors = (plugin, error) -> { };

  private record Mount(String plugin, Route route) {}

  public PluginRoutes(Router router, Authenticator authenticator) {
    this.router = router;
    this.authenticator = authenticator;
  }

  /**
   * Where an exception that a plugin's route handler throws (and nothing of the plugin catches) is
   * reported, with the plugin's name: the hub counts it against the plugin and logs it. The request
   * is answered {@code internal} with the hub's error body either way.
   */
  public void onPluginError(BiConsumer<String, Throwable> sink) {
    this.pluginErrors = sink;
  }

  /**
   * Mounts {@code handler} for {@code prefix} and everything below it. A vertx-web {@link Router} is
   * given an error handler for 500 (what it answers when a route handler throws and no failure
   * handler of its own answers): the hub's JSON error body, the exception counted against {@code
   * plugin}. A failure handler the plugin installs on its routes still comes first.
   */
  /** The bound the hub's HTTP servers count connections against; upgraded connections are counted out through it. */
  public void connectionLimit(ConnectionLimit limit) {
    this.limit = limit;
  }

  /** See {@code PluginContext.upgraded}: counts an upgraded connection out when {@code closed} completes. */
  public void upgraded(HttpConnection connection, Future<Void> closed) {
    ConnectionLimit bound = limit;
    if (bound != null) {
      bound.upgraded(connection, closed);
    }
  }

  public synchronized void mount(String plugin, String prefix, RouteAccess access, Handler<HttpServerRequest> handler) {
    if (prefix == null || !PREFIX.matcher(prefix).matches()) {
      throw new IllegalArgumentException("mount path must be absolute, without a trailing slash: '" + prefix + "'");
    }
    for (String reserved : RESERVED) {
      if (reserved.startsWith(prefix + "/")) {
        throw new IllegalArgumentException("'" + prefix + "' is the hub's own path");
      }
    }
    if (isReserved(prefix)) {
      throw new IllegalArgumentException("'" + prefix + "' is the hub's own path");
    }
    Mount existing = mounts.get(prefix);
    if (existing != null) {
      throw new IllegalArgumentException("'" + prefix + "' is already mounted by plugin " + existing.plugin());
    }
    String category = null;
    if (access == RouteAccess.CATEGORY_SCOPES) {
      var m = CATEGORY_PREFIX.matcher(prefix);
      if (!m.matches()) {
        throw new IllegalArgumentException("CATEGORY_SCOPES needs a prefix /api/<category>, got '" + prefix + "'");
      }
      category = m.group(1);
    }
    String scopeCategory = category;
    if (handler instanceof Router pluginRouter) {
      pluginRouter.errorHandler(500, ctx -> failed(plugin, ctx.response(), ctx.failure()));
    }
    Handler<HttpServerRequest> guarded = request -> {
      try {
        handler.handle(request);
      } catch (RuntimeException | LinkageError e) {
        failed(plugin, request.response(), e);
      }
    };
    Route route = router.route(prefix + "/*")
        .handler(ctx -> dispatch(ctx, access, scopeCategory, guarded));
    mounts.put(prefix, new Mount(plugin, route));
  }

  /** Whether {@code path} is one of the hub's own paths or below one: no plugin serves it. */
  static boolean isReserved(String path) {
    for (String reserved : RESERVED) {
      if (path.equals(reserved) || path.startsWith(reserved + "/")) {
        return true;
      }
    }
    return false;
  }

  // What a plugin's handler threw: the plugin's error, answered without its details.
  private void failed(String plugin, HttpServerResponse response, Throwable error) {
    pluginErrors.accept(plugin, error == null ? new IllegalStateException("failed with status 500") : error);
    Errors.respond(response, new HubException(ErrorCode.INTERNAL,
        "internal error in plugin " + plugin + "; see the hub's log"));
  }

  /** The path prefixes {@code plugin} has mounted, sorted: {@code routes} in {@code GET /api/plugins}. */
  public synchronized io.vertx.core.json.JsonArray prefixesOf(String plugin) {
    return new io.vertx.core.json.JsonArray(mounts.entrySet().stream().filter(e -> e.getValue().plugin().equals(plugin))
        .map(Map.Entry::getKey).sorted().toList());
  }

  /** Removes every route of {@code plugin}. */
  public synchronized void unmountAll(String plugin) {
    mounts.entrySet().removeIf(e -> {
      if (e.getValue().plugin().equals(plugin)) {
        e.getValue().route().remove();
        return true;
      }
      return false;
    });
  }

  private void dispatch(RoutingContext ctx, RouteAccess access, String category, Handler<HttpServerRequest> handler) {
    if (access == RouteAccess.PUBLIC) {
      handler.handle(ctx.request());
      return;
    }
    Future<HubPrincipal> auth = authenticator.authenticate(ctx.request());
    if (auth.isComplete()) {
      // The usual case (HMAC checks finish at once): hand over in this tick, body untouched.
      forward(ctx, auth, access, category, handler);
      return;
    }
    ctx.request().pause();
    auth.onComplete(ar -> {
      if (forward(ctx, auth, access, category, handler)) {
        ctx.request().resume();
      }
    });
  }

  /** Hands the request to the plugin, or refuses it (unread); true when handed over. */
  private static boolean forward(RoutingContext ctx, Future<HubPrincipal> auth, RouteAccess access, String category,
      Handler<HttpServerRequest> handler) {
    if (auth.failed()) {
      EarlyRefusal.respond(ctx, auth.cause());
      return false;
    }
    HubException denied = check(auth.result(), access, category, ctx.request().method());
    if (denied != null) {
      EarlyRefusal.respond(ctx, denied);
      return false;
    }
    handler.handle(ctx.request());
    return true;
  }

  private static HubException check(HubPrincipal p, RouteAccess access, String category, HttpMethod method) {
    return switch (access) {
      case ADMIN -> p.isAdmin() ? null : HubException.forbidden("token does not allow admin");
      case CATEGORY_SCOPES -> {
        boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
        if (read) {
          yield p.canSubscribe(category) ? null : HubException.forbidden("token does not allow subscribe:" + category);
        }
        yield p.canPublish(category) ? null : HubException.forbidden("token does not allow publish:" + category);
      }
      default -> null;
    };
  }
}
