package dev.eventhub.runtime.http;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes the HTTP error body of docs/protocol.md, {@code {"error":"<code>","message":"..."}}, for any failure. */
public final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /** Answers {@code ctx} with the error {@code cause} stands for; a non-{@link HubException} is an internal fault. */
  public static void respond(RoutingContext ctx, Throwable cause) {
    respond(ctx.response(), cause);
  }

  public static void respond(HttpServerResponse response, Throwable cause) {
    HubException error = cause instanceof HubException e ? e : internal(cause);
    if (response.ended() || response.closed()) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    response.setStatusCode(error.code().httpStatus()).putHeader("Content-Type", "application/json");
    int retryAfter = error.code().retryAfterSeconds();
    if (retryAfter > 0) {
      response.putHeader("Retry-After", Integer.toString(retryAfter));
    }
    response.end(error.toJson().encode());
  }

  /** The failure handler of the router: maps Vert.x Web's status-only failures to error bodies. */
  public static void onFailure(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    int status = ctx.statusCode();
    if (failure instanceof HubException || (failure != null && (status < 400 || status >= 500))) {
      respond(ctx, failure);
      return;
    }
    // Vert.x Web's own refusals (a malformed escape, an oversized body) carry a 4xx status.
    HubException error = forStatus(status);
    if (failure != null && failure.getMessage() != null && status >= 400 && status < 500) {
      error = new HubException(error.code(), error.getMessage() + ": " + failure.getMessage());
    }
    respond(ctx, error);
  }

  static HubException forStatus(int status) {
    return switch (status) {
      case 400 -> HubException.badRequest("bad request");
      case 401 -> HubException.unauthorized("a valid token is required");
      case 403 -> HubException.forbidden("forbidden");
      case 404 -> HubException.notFound("no such resource");
      case 405 -> HubException.notFound("method not allowed here");
      case 413 -> HubException.tooLarge("the request body is over the size limit");
      default -> status >= 400 && status < 500
          ? HubException.badRequest("request refused (" + status + ")")
          : new HubException(ErrorCode.INTERNAL, "internal error");
    };
  }

  private static HubException internal(Throwable cause) {
    LOG.error("internal error answering a request", cause);
    return new HubException(ErrorCode.INTERNAL, "internal error; see the hub's log");
  }
}
