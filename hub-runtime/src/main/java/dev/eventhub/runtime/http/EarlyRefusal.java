package dev.eventhub.runtime.http;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers a request refused before its body was read (no token, a wrong one, a scope the route alone
 * rules out) without reading that body: over HTTP/1.x the connection is closed after the answer rather
 * than drained, so an unauthenticated caller cannot make the hub take in a large or endless body.
 */
final class EarlyRefusal {
  private EarlyRefusal() {}

  static void respond(RoutingContext ctx, Throwable cause) {
    HttpServerRequest request = ctx.request();
    if (!request.isEnded()) {
      if (hasBody(request) && request.version() != HttpVersion.HTTP_2) {
        ctx.response().putHeader("Connection", "close");
        // Through the router's end handlers: the response has one end handler, and the access log uses it too.
        ctx.addEndHandler(v -> request.connection().close());
      } else {
        // Only the end of an empty body is pending (a GET): let it through, the connection stays usable.
        request.resume();
      }
    }
    Errors.respond(ctx, cause);
  }

  private static boolean hasBody(HttpServerRequest request) {
    String length = request.getHeader("Content-Length");
    return request.getHeader("Transfer-Encoding") != null || length != null && !"0".equals(length.trim());
  }
}
