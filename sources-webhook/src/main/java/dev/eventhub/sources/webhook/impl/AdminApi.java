package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Bodies;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The routes under {@code /api/webhook}: endpoints and subscriptions; see docs/sources/webhook.md.
 * The hub checks {@code subscribe:webhook} for GET and {@code publish:webhook} for the rest first.
 */
final class AdminApi {
  static final String PREFIX = "/api/webhook";
  private static final long MAX_BODY = 64 * 1024;

  private final Endpoints endpoints;
  private final Outbound outbound;
  private final Authenticator authenticator;
  private final Router router;

  AdminApi(Vertx vertx, Endpoints endpoints, Outbound outbound, Authenticator authenticator) {
    this.endpoints = endpoints;
    this.outbound = outbound;
    this.authenticator = authenticator;
    this.router = Router.router(vertx);
    Http.start(router, MAX_BODY);
    router.post(PREFIX + "/endpoints").handler(ctx -> Http.answer(ctx, 201, c -> {
      JsonObject body = Bodies.object(c);
      return authenticator.authenticate(c.request()).compose(principal -> endpoints.create(body, principal));
    }, e -> e));
    router.get(PREFIX + "/endpoints").handler(ctx -> Http.answer(ctx, 200,
        c -> io.vertx.core.Future.succeededFuture(endpoints.list()),
        list -> new JsonObject().put("endpoints", new JsonArray(list))));
    router.get(PREFIX + "/endpoints/:id").handler(ctx -> Http.answer(ctx, 200, c -> endpoints.get(id(c)), e -> e));
    router.post(PREFIX + "/endpoints/:id/rotate-secret").handler(ctx -> Http.answer(ctx, 200,
        c -> endpoints.rotate(id(c), Bodies.object(c)), e -> e));
    router.delete(PREFIX + "/endpoints/:id").handler(ctx -> Http.answer(ctx, 200, c -> endpoints.delete(id(c)),
        v -> new JsonObject().put("deleted", ctx.pathParam("id"))));
    router.post(PREFIX + "/subscriptions").handler(this::subscribe);
    router.get(PREFIX + "/subscriptions").handler(ctx -> Http.answer(ctx, 200, c -> outbound.list(),
        list -> new JsonObject().put("subscriptions", new JsonArray(list))));
    router.get(PREFIX + "/subscriptions/:id").handler(ctx -> Http.answer(ctx, 200, c -> outbound.get(id(c)),
        s -> s));
    router.get(PREFIX + "/subscriptions/:id/attempts").handler(ctx -> Http.answer(ctx, 200, c -> {
      int kept = Math.max(1, outbound.settings().attemptsKept());
      int limit = Fields.queryInt("limit", c.request().getParam("limit"), kept, 1, kept);
      return outbound.attempts(id(c), limit);
    }, a -> a));
    router.patch(PREFIX + "/subscriptions/:id").handler(ctx -> Http.answer(ctx, 200, c -> {
      JsonObject body = Bodies.object(c);
      String id = id(c);
      return authenticator.authenticate(c.request()).compose(principal -> outbound.update(id, body, principal));
    }, s -> s));
    router.post(PREFIX + "/subscriptions/:id/rotate-secret").handler(ctx -> Http.answer(ctx, 200,
        c -> outbound.rotate(id(c), Bodies.object(c)), s -> s));
    router.delete(PREFIX + "/subscriptions/:id").handler(ctx -> Http.answer(ctx, 200, c -> outbound.delete(id(c)),
        v -> new JsonObject().put("deleted", ctx.pathParam("id"))));
    Http.finish(router, MAX_BODY);
  }

  Router router() {
    return router;
  }

  // The runtime checked publish:webhook; the categories the subscription reads need subscribe scopes too.
  private void subscribe(RoutingContext ctx) {
    Http.answer(ctx, 201, c -> {
      JsonObject body = Bodies.object(c);
      return authenticator.authenticate(c.request()).compose(principal -> outbound.create(body, principal));
    }, s -> s);
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || !Ids.PATTERN.matcher(id).matches()) {
      throw HubException.badRequest("path parameter 'id' must match [A-Za-z0-9._-]{1,64}");
    }
    return id;
  }
}
