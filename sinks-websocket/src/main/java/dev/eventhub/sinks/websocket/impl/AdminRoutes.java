package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.stream.ConnectionsBus;
import dev.eventhub.kit.stream.StreamRules;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The sink's admin routes under {@code /api/websocket}: {@code GET stats}, {@code GET connections} and
 * {@code DELETE connections/{id}} (close 4009 "closed by operator").
 */
final class AdminRoutes {
  private final String prefix;
  private final Services services;

  AdminRoutes(String prefix, Services services) {
    this.prefix = prefix;
    this.services = services;
  }

  void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && request.path().equals(prefix + "/stats")) {
      request.response().putHeader("Content-Type", "application/json").end(services.stats().toJson().encode());
    } else if (!ConnectionsBus.serve(request, prefix, services.connections()::describeAll,
        services.connections()::closeByOperator)) {
      request.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(HubException
          .notFound("no such resource: " + request.method() + " " + StreamRules.abbreviate(request.path())).toJson()
          .encode());
    }
  }
}
