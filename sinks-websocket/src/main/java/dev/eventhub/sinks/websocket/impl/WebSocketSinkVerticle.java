package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.metrics.PluginMeters;
import dev.eventhub.kit.stream.ConnectionsBus;
import dev.eventhub.kit.stream.ConsumersBus;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import io.vertx.core.Future;
import java.util.List;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

/**
 * The running sink: the dispatcher on the event bus, the upgrade route, the admin routes (stats, connections)
 * and the hub's requests for its connections ({@link ConnectionsBus}). Stopping it
 * closes every connection with 1001.
 */
public final class WebSocketSinkVerticle extends VerticleBase {
  /** Where the counters are served, to admins. */
  public static final String STATS_PREFIX = "/api/websocket";
  private static final long SHUTDOWN_WAIT_MS = 5_000;

  private final PluginContext plugin;
  private Services services;
  private MessageConsumer<HubEvent> consumer;
  private MessageConsumer<JsonObject> admin;
  private MessageConsumer<JsonObject> consumersAdmin;

  public WebSocketSinkVerticle(PluginContext plugin) {
    this.plugin = plugin;
  }

  private PluginMeters meters;

  @Override
  public Future<?> start() {
    WebSocketSinkOptions options = new WebSocketSinkOptions(plugin.config());
    WebSocketStats stats = new WebSocketStats();
    // Issue 24: only the categories of live subscriptions and named consumers with members go on the bus.
    plugin.interest().narrow();
    // Issue 20: named consumers, kept in the plugin's storage (the log's store), on this verticle's context.
    // On a cluster node they are refused: each node's sink would dispatch a consumer's events on its own.
    ConsumerGroups groups = plugin.clustered() ? null : new ConsumerGroups(context,
        new DocumentConsumerStore(plugin.storage()), plugin.history(), options.consumers(), stats)
        .interest(plugin.interest());
    services = new Services(options, plugin.history(), stats, new ConnectionRegistry(options.maxConnections()),
        plugin.publisher(), groups, plugin.interest());
    consumer = vertx.eventBus().localConsumer(plugin.allEventsAddress(),
        new Dispatcher(context, services.allLoops(), groups));
    plugin.mount(options.path(), RouteAccess.PUBLIC, new UpgradeHandler(services, plugin.authenticator(), plugin::upgraded));
    plugin.mount(STATS_PREFIX, RouteAccess.ADMIN, new AdminRoutes(STATS_PREFIX, services)::handle);
    if (groups != null) {
      // Issue 20: the hub's GET /api/consumers and DELETE /api/consumers/{name} ask here.
      consumersAdmin = ConsumersBus.register(vertx, plugin.pluginName(), groups::describeAll,
          (name, subject) -> groups.delete(name, subject, GroupMember::deleted));
    }
    admin = ConnectionsBus.register(vertx, plugin.pluginName(), services.connections()::describeAll,
        services.connections()::closeByOperator);
    meters = PluginMeters.register("websocket", stats::toJson, List.of("connectionsOpen", "subscriptionsActive",
            "queuedEvents", "queuedBytes"),
        List.of("connectionsAccepted", "upgradesRejected", "authFailures", "framesSent", "eventsSent",
            "slowConsumerCloses", "rateLimited", "eventsDropped", "eventsSuperseded", "gapFrames"));
    return consumer.completion().compose(v -> groups == null ? Future.succeededFuture() : groups.start());
  }

  @Override
  public Future<?> stop() {
    meters.close();
    admin.unregister();
    if (consumersAdmin != null) {
      consumersAdmin.unregister();
    }
    return services.connections().closeAll(SHUTDOWN_WAIT_MS)
        .eventually(() -> services.consumers() == null ? Future.succeededFuture() : services.consumers().close())
        .eventually(() -> consumer.unregister());
  }
}
