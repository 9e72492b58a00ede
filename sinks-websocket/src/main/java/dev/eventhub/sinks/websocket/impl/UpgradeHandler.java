package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.kit.http.Http;
import dev.eventhub.kit.http.Origins;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import java.util.function.BiConsumer;

/**
 * Answers {@code GET /ws}: checks the token (401), the origin (403: the hub's own, a listed one, or
 * none at all for non-browser clients) and the connection limit (503), and only then upgrades. A refused request gets the hub's error body and no upgrade.
 */
final class UpgradeHandler implements Handler<HttpServerRequest> {
  private static final String QUERY_TOKEN = "access_token";
  private final Services services;
  private final Authenticator authenticator;
  private final Origins origins;
  // Tells the hub when an upgraded connection ends: Vert.x does not, and the hub bounds connections (PluginContext).
  private final BiConsumer<HttpConnection, Future<Void>> upgraded;

  UpgradeHandler(Services services, Authenticator authenticator, BiConsumer<HttpConnection, Future<Void>> upgraded) {
    this.services = services;
    this.upgraded = upgraded;
    this.authenticator = authenticator;
    this.origins = new Origins(services.options().allowedOrigins());
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (!services.options().path().equals(request.path())) {
      refuse(request, HubException.notFound("no such resource: WebSocket clients connect at "
          + services.options().path()));
      return;
    }
    if (request.method() != HttpMethod.GET || !"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
      refuse(request, HubException.badRequest(services.options().path()
          + " is a WebSocket endpoint: send a GET with 'Upgrade: websocket'"));
      return;
    }
    String unknown = unknownQueryParameter(request);
    if (unknown != null) {
      // A client's guess (a category or a cursor in the URL) must fail loudly, not be silently ignored.
      String shown = unknown.length() > 64 ? unknown.substring(0, 64) + "..." : unknown;
      refuse(request, HubException.badRequest("unknown query parameter '" + shown + "': GET "
          + services.options().path() + " takes only access_token; subscriptions are frames (docs/protocol.md)"));
      return;
    }
    Future<HubPrincipal> auth = authenticator.authenticateAllowingQueryToken(request);
    if (auth.isComplete()) {
      decide(request, auth);
      return;
    }
    Context context = Vertx.currentContext();
    request.pause();
    auth.onComplete(ar -> context.runOnContext(v -> {
      decide(request, auth);
      request.resume();
    }));
  }

  private static String unknownQueryParameter(HttpServerRequest request) {
    if (request.query() == null) {
      return null;
    }
    for (String name : request.params().names()) {
      if (!name.equals(QUERY_TOKEN)) {
        return name;
      }
    }
    return null;
  }

  private void decide(HttpServerRequest request, Future<HubPrincipal> auth) {
    if (auth.failed()) {
      services.stats().authFailed();
      refuse(request, auth.cause() instanceof HubException e ? e : HubException.unauthorized("invalid token"));
      return;
    }
    String origin = request.getHeader("Origin");
    if (!origins.allows(request)) {
      services.stats().upgradeRejected();
      refuse(request, HubException.forbidden("origin '" + origin + "' is not allowed"));
      return;
    }
    if (!services.connections().tryReserve()) {
      services.stats().upgradeRejected();
      refuse(request, new HubException(ErrorCode.UNAVAILABLE, services.connections().closed()
          ? "the hub is shutting down" : "the hub holds the most WebSocket connections it allows; retry later"));
      return;
    }
    HubPrincipal principal = auth.result();
    HttpConnection http = request.connection();
    request.toWebSocket().onComplete(ar -> {
      if (ar.failed()) {
        services.connections().release();
      } else {
        opened(ar.result(), http, principal);
      }
    });
  }

  private void opened(ServerWebSocket ws, HttpConnection http, HubPrincipal principal) {
    // The sink's own handler takes the channel over, so that Vert.x's connection objects do not stay for the
    // socket's lifetime (docs/performance.md, S3); Vert.x's socket when that cannot be done.
    Socket socket = ChannelSocket.takeOver(ws, http);
    Connection connection = new Connection(socket != null ? socket : new VertxSocket(ws), Vertx.currentContext(),
        principal, services);
    services.connections().add(connection);
    upgraded.accept(http, connection.closedFuture());
    connection.start();
    if (services.connections().closed()) {
      // Shutdown began while this upgrade was under way: closeAll did not see it.
      connection.shutdown();
    }
  }

  private static void refuse(HttpServerRequest request, HubException error) {
    Http.refuse(request.response(), error);
  }
}
