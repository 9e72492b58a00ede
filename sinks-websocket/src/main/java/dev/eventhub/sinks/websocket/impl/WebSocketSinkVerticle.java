package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.metrics.PluginMeters;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import io.vertx.core.Future;
import java.util.List;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The running sink: the dispatcher on the event bus, the upgrade route, the stats route. Stopping it
 * closes every connection with 1001.
 */
public final class WebSocketSinkVerticle extends VerticleBase {
  /** Where the counters are served, to admins. */
  public static final String STATS_PREFIX = "/api/websocket";
  private static final long SHUTDOWN_WAIT_MS = 5_000;

  private final PluginContext plugin;
  private Services services;
  private MessageConsumer<HubEvent> consumer;

  public WebSocketSinkVerticle(PluginContext plugin) {
    this.plugin = plugin;
  }

  private PluginMeters meters;

  @Override
  public Future<?> start() {
    WebSocketSinkOptions options = new WebSocketSinkOptions(plugin.config());
    WebSocketStats stats = new WebSocketStats();
    services = new Services(options, plugin.history(), stats, new ConnectionRegistry(options.maxConnections()));
    consumer = vertx.eventBus().localConsumer(plugin.allEventsAddress(), new Dispatcher(context, services.allLoops()));
    plugin.mount(options.path(), RouteAccess.PUBLIC, new UpgradeHandler(services, plugin.authenticator()));
    plugin.mount(STATS_PREFIX, RouteAccess.ADMIN, this::stats);
    meters = PluginMeters.register("websocket", stats::toJson, List.of("connectionsOpen", "subscriptionsActive",
            "queuedEvents", "queuedBytes"),
        List.of("connectionsAccepted", "upgradesRejected", "authFailures", "framesSent", "eventsSent",
            "slowConsumerCloses", "rateLimited", "eventsDropped", "eventsSuperseded", "gapFrames"));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    meters.close();
    return services.connections().closeAll(SHUTDOWN_WAIT_MS).eventually(() -> consumer.unregister());
  }

  private void stats(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET || !request.path().equals(STATS_PREFIX + "/stats")) {
      respond(request, 404, HubException.notFound("no such resource: GET " + STATS_PREFIX + "/stats").toJson().encode());
      return;
    }
    respond(request, 200, services.stats().toJson().encode());
  }

  private static void respond(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
