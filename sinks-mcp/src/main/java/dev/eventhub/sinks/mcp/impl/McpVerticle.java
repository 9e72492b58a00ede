package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.kit.metrics.PluginMeters;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The running sink: the endpoint, an event-bus consumer of every event that wakes waiting calls and tells
 * subscribed sessions (its own consumer, so that nothing here delays the WebSocket sink's), a sweep that
 * ends expired and idle sessions, and the stats route.
 */
public final class McpVerticle extends VerticleBase {
  /** Where the counters are served, to admins. */
  public static final String STATS_PREFIX = "/api/mcp";
  private static final long SWEEP_MS = 1000;

  private final PluginContext plugin;
  private Sessions sessions;
  private MessageConsumer<HubEvent> consumer;
  private PluginMeters meters;
  private McpStats stats;
  private long sweeper = -1;

  public McpVerticle(PluginContext plugin) {
    this.plugin = plugin;
  }

  @Override
  public Future<?> start() {
    McpSinkOptions options = McpSinkOptions.from(plugin.config());
    stats = new McpStats();
    // Issue 24: only the categories of resource subscriptions, and every one while a call waits, go on the bus.
    plugin.interest().narrow();
    sessions = new Sessions(vertx, options, plugin.interest());
    Waits waits = new Waits(vertx, plugin.history(), options, plugin.interest());
    HubTools hubTools = new HubTools(plugin.history(), plugin.publisher(), plugin::catalog, options);
    List<Tool> own = new ArrayList<>(hubTools.tools());
    own.add(2, waits.tool());
    Tools tools = new Tools(own, plugin.agentTools());
    Resources resources = new Resources(plugin.history(), plugin::catalog, hubTools::catalog, sessions, options);
    Methods methods = new Methods(tools, resources, new Prompts(plugin.history(), tools, options), version());
    stats.gauges(sessions::size, waits::waiting);
    consumer = vertx.eventBus().localConsumer(plugin.allEventsAddress(), message -> {
      HubEvent event = message.body();
      waits.offer(event);
      sessions.offer(event);
    });
    sweeper = vertx.setPeriodic(SWEEP_MS, id -> sessions.sweep());
    plugin.mount(options.path(), RouteAccess.PUBLIC, new McpEndpoint(options, plugin.authenticator(), sessions,
        methods, stats));
    plugin.mount(STATS_PREFIX, RouteAccess.ADMIN, this::stats);
    meters = PluginMeters.register("mcp", stats::toJson, List.of("sessionsOpen", "waiting"),
        List.of("sessionsOpened", "requests", "authFailures", "malformed", "refused"));
    return consumer.completion();
  }

  private String version() {
    String v = McpVerticle.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweeper);
    if (meters != null) {
      meters.close();
    }
    sessions.closeAll();
    return consumer.unregister();
  }

  private void stats(HttpServerRequest request) {
    if (request.method() != HttpMethod.GET || !request.path().equals(STATS_PREFIX + "/stats")) {
      request.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .end(HubException.notFound("no such resource: GET " + STATS_PREFIX + "/stats").toJson().encode());
      return;
    }
    request.response().putHeader("Content-Type", "application/json").end(stats.toJson().encode());
  }
}
