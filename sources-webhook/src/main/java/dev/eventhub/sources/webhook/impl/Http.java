package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers with PROTOCOL.md's bodies: JSON results, {@code {"error","message"}} failures. */
final class Http {
  private static final Logger LOG = Logger.getLogger(Http.class.getName());

  private Http() {}

  /** Maps the router's own failures (no route, body too large) to error bodies. */
  static void installErrorHandlers(Router router) {
    router.errorHandler(400, ctx -> fail(ctx, HubException.badRequest("bad request")));
    router.errorHandler(404, ctx -> fail(ctx, HubException.notFound("no such resource: "
        + ctx.request().method() + " " + ctx.normalizedPath())));
    router.errorHandler(405, ctx -> fail(ctx, HubException.notFound("method " + ctx.request().method()
        + " not allowed on " + ctx.normalizedPath())));
    router.errorHandler(413, ctx -> fail(ctx, HubException.tooLarge("the request body is over the size limit")));
    router.errorHandler(500, ctx -> fail(ctx, ctx.failure()));
  }

  /**
   * Runs {@code work} and answers with its result, on the request's own context whatever context the
   * work completes on.
   */
  static <T> void answer(RoutingContext ctx, int status, Function<RoutingContext, Future<T>> work,
      Function<T, Object> body) {
    Context requestContext = Vertx.currentContext();
    Future<T> result;
    try {
      result = work.apply(ctx);
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onComplete(ar -> requestContext.runOnContext(v -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
      } else {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end(Json.encode(body.apply(ar.result())));
      }
    }));
  }

  static void fail(RoutingContext ctx, Throwable cause) {
    HubException error;
    if (cause instanceof HubException e) {
      error = e;
    } else {
      LOG.log(Level.SEVERE, "internal error answering " + ctx.request().method() + " " + ctx.normalizedPath(), cause);
      error = new HubException(ErrorCode.INTERNAL, "internal error; see the hub's log");
    }
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(error.code().httpStatus()).putHeader("Content-Type", "application/json")
        .end(error.toJson().encode());
  }

  /** The body as a JSON object; a {@code bad_request} when it is empty, not JSON or not an object. */
  static JsonObject object(RoutingContext ctx) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw HubException.badRequest("the body must be a JSON object");
    }
    Object body;
    try {
      body = Json.decodeValue(text);
    } catch (DecodeException e) {
      throw HubException.badRequest("the body is not JSON: " + e.getMessage());
    }
    if (!(body instanceof JsonObject o)) {
      throw HubException.badRequest("the body must be a JSON object");
    }
    return o;
  }
}
