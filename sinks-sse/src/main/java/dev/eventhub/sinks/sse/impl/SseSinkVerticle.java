package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.kit.metrics.PluginMeters;
import dev.eventhub.kit.stream.ConnectionsBus;
import dev.eventhub.kit.stream.StreamRules;
import dev.eventhub.sinks.sse.SseSinkOptions;
import io.vertx.core.Future;
import java.util.List;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * The running sink: the dispatcher on the event bus, the stream route, the stats route. Stopping it
 * ends every stream with an {@code error} event {@code hub_shutting_down}.
 */
public final class SseSinkVerticle extends VerticleBase {
  /** Where the counters are served, to admins. */
  public static final String STATS_PREFIX = "/api/sse";
  private static final long SHUTDOWN_WAIT_MS = 5_000;

  private final PluginContext plugin;
  private Services services;
  private MessageConsumer<HubEvent> consumer;
  private MessageConsumer<JsonObject> admin;
  private PluginMeters meters;

  public SseSinkVerticle(PluginContext plugin) {
    this.plugin = plugin;
  }

  @Override
  public Future<?> start() {
    SseSinkOptions options = new SseSinkOptions(plugin.config());
    // Issue 24: only the categories of open streams go on the bus.
    plugin.interest().narrow();
    services = new Services(options, plugin.history(), new Streams(options.maxConnections(), plugin.interest()),
        new SseStats());
    consumer = vertx.eventBus().localConsumer(plugin.allEventsAddress(), new Dispatcher(context, services.streams()));
    plugin.mount(options.path(), RouteAccess.PUBLIC, new StreamHandler(services, plugin.authenticator()));
    plugin.mount(STATS_PREFIX, RouteAccess.ADMIN, this::admin);
    admin = ConnectionsBus.register(vertx, plugin.pluginName(), services.streams()::describeAll,
        services.streams()::closeByOperator);
    meters = PluginMeters.register("sse", services.stats()::toJson, List.of("connectionsOpen"),
        List.of("connectionsAccepted", "connectionsRejected", "authFailures", "eventsSent", "replayedEventsSent",
            "heartbeatsSent", "slowConsumerCloses", "eventsDropped", "eventsSuperseded", "gapEvents"));
    return consumer.completion();
  }

  @Override
  public Future<?> stop() {
    meters.close();
    admin.unregister();
    return services.streams().closeAll(SHUTDOWN_WAIT_MS).eventually(() -> consumer.unregister());
  }

  // The admin routes under /api/sse: the counters and the connections.
  private void admin(HttpServerRequest request) {
    if (request.method() == HttpMethod.GET && request.path().equals(STATS_PREFIX + "/stats")) {
      respond(request, 200, services.stats().toJson().encode());
    } else if (!ConnectionsBus.serve(request, STATS_PREFIX, services.streams()::describeAll,
        services.streams()::closeByOperator)) {
      respond(request, 404, HubException.notFound("no such resource: " + request.method() + " "
          + StreamRules.abbreviate(request.path())).toJson().encode());
    }
  }

  private static void respond(HttpServerRequest request, int status, String body) {
    request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
  }
}
