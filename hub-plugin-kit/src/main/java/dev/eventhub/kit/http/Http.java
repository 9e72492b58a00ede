package dev.eventhub.kit.http;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.kit.async.Futures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.HttpException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests with JSON, and failures with the hub's error body (docs/protocol.md), on a plugin's vertx-web
 * router.
 *
 * <p>A router built with these helpers starts with {@link #start} (or its own body handler), has its
 * routes answer through {@link #answer}, and ends with {@link #finish}. Call them while building the
 * router; the handlers they install run on the HTTP server's event loops, as every route does.
 */
public final class Http {
  private static final Logger LOG = LoggerFactory.getLogger(Http.class);

  private Http() {}

  /**
   * Installs the first routes of a router: a query string that cannot be decoded is a {@code
   * bad_request} naming the problem (vertx-web would answer a bare 400 while matching routes with
   * path parameters), then the request body is read, up to {@code bodyLimit} bytes (a larger one
   * fails with 413, which {@link #finish} answers as {@code too_large}).
   */
  public static void start(Router router, long bodyLimit) {
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

  /**
   * Installs the last routes of a router: every request no route answered is {@code not_found}
   * (a known path with another method too), and every failure a route reports ({@code ctx.fail})
   * is answered as an error body: a {@link HubException} as itself, 413 as {@code too_large}, other
   * 4xx statuses as {@code bad_request} or {@code not_found}, anything else as {@code internal}
   * (logged).
   */
  public static void finish(Router router) {
    finish(router, -1);
  }

  /** As {@link #finish(Router)}, the {@code too_large} message naming the body limit {@link #start} set. */
  public static void finish(Router router, long bodyLimit) {
    router.route().handler(ctx -> fail(ctx, HubException.notFound(
        "no route " + ctx.request().method() + " " + ctx.request().path())));
    router.route().failureHandler(ctx -> fail(ctx, failure(ctx, bodyLimit)));
    // What vertx-web answers before any route runs (a request it cannot route at all).
    router.errorHandler(400, ctx -> fail(ctx, HubException.badRequest("malformed request")));
  }

  /**
   * A route handler that answers {@code status} with the JSON of what {@code work} yields, or the
   * error body of what it fails with (or throws).
   *
   * @param work called on the event loop the request arrived on; must not block
   */
  public static <T> Handler<RoutingContext> answer(int status, Function<RoutingContext, Future<T>> work) {
    return ctx -> answer(ctx, status, work, result -> result);
  }

  /**
   * Runs {@code work} and answers {@code status} with the JSON of {@code body} applied to its result,
   * or the error body of what it fails with (or throws). The answer is written on the request's own
   * context, whatever context the work's future completes on: the work may hop to the plugin's
   * context (see {@link dev.eventhub.kit.async.Contexts#on}) and need not hop back.
   *
   * @param work called at once, on the calling thread; must not block
   * @param body turns the result into what is sent: a {@code JsonObject}, a {@code JsonArray}, or
   *     anything {@link Json#encode} takes
   */
  public static <T> void answer(RoutingContext ctx, int status, Function<RoutingContext, Future<T>> work,
      Function<? super T, ?> body) {
    Context requestContext = Vertx.currentContext();
    Futures.call(() -> work.apply(ctx)).onComplete(ar -> onContext(requestContext, () -> {
      if (ar.failed()) {
        fail(ctx, ar.cause());
        return;
      }
      Object answer;
      try {
        answer = body.apply(ar.result());
      } catch (RuntimeException e) {
        fail(ctx, e);
        return;
      }
      send(ctx, status, answer);
    }));
  }

  /**
   * Answers {@code status} with {@code body} as JSON ({@code Content-Type: application/json}); does
   * nothing when the response has already ended or the connection is closed.
   */
  public static void send(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
  }

  /**
   * Answers the error body of {@code cause}: a {@link HubException} with its code's status and its
   * message; anything else is logged with its stack trace and answered as {@code internal}, without
   * the details (they are for the operator, not the client).
   */
  public static void fail(RoutingContext ctx, Throwable cause) {
    HubException error;
    if (cause instanceof HubException e) {
      error = e;
    } else {
      LOG.error("internal error answering " + ctx.request().method() + " " + ctx.request().path(), cause);
      error = new HubException(ErrorCode.INTERNAL, "internal error; see the hub's log");
    }
    if (ctx.response().ended() || ctx.response().closed()) {
      return;
    }
    refuse(ctx.response(), error);
  }

  /**
   * Answers the hub's error body of {@code error} on a response outside a router (a WebSocket
   * upgrade, an event stream), with its code's status and, for the "not now" codes, a
   * {@code Retry-After} header ({@link ErrorCode#retryAfterSeconds()}).
   */
  public static void refuse(HttpServerResponse response, HubException error) {
    response.setStatusCode(error.code().httpStatus()).putHeader("Content-Type", "application/json");
    int retryAfter = error.code().retryAfterSeconds();
    if (retryAfter > 0) {
      response.putHeader("Retry-After", Integer.toString(retryAfter));
    }
    response.end(error.toJson().encode());
  }

  private static Throwable failure(RoutingContext ctx, long bodyLimit) {
    Throwable failure = ctx.failure();
    int status = failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode();
    if (failure != null && !(failure instanceof HttpException)) {
      return failure;
    }
    return switch (status) {
      case 413 -> HubException.tooLarge(bodyLimit < 0 ? "the request body is over the size limit"
          : "the request body is over the limit of " + bodyLimit + " bytes");
      case 404, 405 -> HubException.notFound("no route " + ctx.request().method() + " " + ctx.request().path());
      default -> status >= 400 && status < 500 ? HubException.badRequest("malformed request")
          : new IllegalStateException("request failed with status " + status, failure);
    };
  }

  private static void onContext(Context context, Runnable action) {
    if (context == null || Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(v -> action.run());
    }
  }
}
