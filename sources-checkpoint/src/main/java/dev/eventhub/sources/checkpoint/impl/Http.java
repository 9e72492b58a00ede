package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Answers requests with JSON, and failures with PROTOCOL.md's error body. */
final class Http {
  private static final Logger LOG = Logger.getLogger(Http.class.getName());

  private Http() {}

  /** A route handler that answers {@code status} with what {@code action} yields, or the error it fails with. */
  static Handler<RoutingContext> answer(int status, Function<RoutingContext, Future<JsonObject>> action) {
    return ctx -> {
      Future<JsonObject> result;
      try {
        result = action.apply(ctx);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> {
        if (ar.succeeded()) {
          send(ctx, status, ar.result());
        } else {
          fail(ctx, ar.cause());
        }
      });
    };
  }

  /**
   * The first routes of a router: a query string that cannot be decoded is a {@code bad_request}
   * (Vert.x Web would answer a bare 400 while matching routes with path parameters), then the body
   * is read, up to {@code bodyLimit} bytes.
   */
  static void start(Router router, long bodyLimit) {
    router.route().handler(ctx -> {
      try {
        ctx.request().params();
      } catch (IllegalArgumentException e) {
        fail(ctx, HubException.badRequest("the query string is not well-formed: " + e.getMessage()));
        return;
      }
      ctx.next();
    });
    router.route().handler(BodyHandler.create(false).setBodyLimit(bodyLimit));
  }

  /** The last route of a router: every path it has no route for is {@code not_found}. */
  static void finish(Router router, long bodyLimit) {
    router.route().handler(ctx -> fail(ctx, HubException.notFound(
        "no route " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(ctx -> fail(ctx, ctx.failure() != null ? ctx.failure() : switch (ctx.statusCode()) {
      case 413 -> HubException.tooLarge("the request body is over the limit of " + bodyLimit + " bytes");
      case 400 -> HubException.badRequest("malformed request");
      default -> new IllegalStateException("request failed with status " + ctx.statusCode());
    }));
  }

  static void send(RoutingContext ctx, int status, JsonObject body) {
    if (!ctx.response().ended()) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
    }
  }

  static void fail(RoutingContext ctx, Throwable cause) {
    HubException error;
    if (cause instanceof HubException e) {
      error = e;
    } else {
      LOG.log(Level.SEVERE, "internal error answering " + ctx.request().method() + " " + ctx.request().path(), cause);
      error = new HubException(ErrorCode.INTERNAL, "internal error; see the hub's log");
    }
    send(ctx, error.code().httpStatus(), error.toJson());
  }
}
