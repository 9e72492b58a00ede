package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers {@code GET /sse}: checks the token (401; header or {@code access_token}), the request (400),
 * the scopes (403), the pattern limit (429) and the connection limit (503), each refusal with the hub's
 * JSON error body, and only then starts the stream.
 */
final class StreamHandler implements Handler<HttpServerRequest> {
  private final Services services;
  private final Authenticator authenticator;

  StreamHandler(Services services, Authenticator authenticator) {
    this.services = services;
    this.authenticator = authenticator;
  }

  @Override
  public void handle(HttpServerRequest request) {
    String path = services.options().path();
    if (!path.equals(request.path())) {
      refuse(request, HubException.notFound("no such resource: event streams are served at " + path));
      return;
    }
    if (request.method() != HttpMethod.GET) {
      refuse(request, HubException.badRequest(path + " is an event stream: send a GET"));
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
      request.resume();
      decide(request, auth);
    }));
  }

  private void decide(HttpServerRequest request, Future<HubPrincipal> auth) {
    if (auth.failed()) {
      services.stats().authFailed();
      refuse(request, auth.cause() instanceof HubException e ? e : HubException.unauthorized("invalid token"));
      return;
    }
    StreamRequest spec;
    try {
      spec = StreamRequest.parse(request.params(), request.getHeader(StreamRequest.LAST_EVENT_ID));
      check(spec, auth.result());
    } catch (HubException e) {
      services.stats().rejected();
      refuse(request, e);
      return;
    }
    if (!services.streams().tryReserve()) {
      services.stats().rejected();
      refuse(request, new HubException(ErrorCode.UNAVAILABLE, services.streams().closed()
          ? "the hub is shutting down" : "the hub holds the most event streams it allows; retry later"));
      return;
    }
    new SseStream(request, Vertx.currentContext(), auth.result(), services, spec).start();
  }

  private void check(StreamRequest spec, HubPrincipal principal) {
    // A per-key grant admits the category; the stream's filter narrows it to the granted keys.
    for (String category : spec.filter().categories()) {
      if (!principal.canReadSomeOf(category)) {
        throw HubException.forbidden("token does not allow subscribe:" + category);
      }
    }
    int max = services.options().maxPatternsPerConnection();
    if (spec.filter().patterns() > max) {
      throw new HubException(ErrorCode.TOO_MANY_SUBSCRIPTIONS, "the stream names " + spec.filter().patterns()
          + " categories, events and keys, over maxPatternsPerConnection (" + max + ")");
    }
  }

  private static void refuse(HttpServerRequest request, HubException error) {
    Http.refuse(request.response(), error);
  }
}
