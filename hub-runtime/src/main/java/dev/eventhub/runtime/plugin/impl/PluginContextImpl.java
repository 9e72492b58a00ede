package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.spi.AgentTools;
import dev.eventhub.api.spi.EventInterest;
import dev.eventhub.api.spi.OutboundSettings;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.PluginSummary;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.runtime.http.PluginRoutes;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import java.util.List;
import java.util.function.Supplier;

/** The runtime's services, as one plugin sees them. */
public final class PluginContextImpl implements PluginContext {
  /** The address prefix of category events; the firehose address is the prefix without the dot. */
  public static final String ADDRESS_PREFIX = "hub.events.";
  public static final String ALL_EVENTS = "hub.events";

  private final Vertx vertx;
  private final String name;
  private final JsonObject config;
  private final EventPublisher publisher;
  private final EventHistory history;
  private final PluginStorage storage;
  private final Authenticator authenticator;
  private final PluginRoutes routes;
  private final OutboundSettings outbound;
  private final Supplier<List<PluginSummary>> catalog;
  private final AgentTools agentTools;
  // Issue 20: whether the hub is a cluster node (PluginContext#clustered).
  private boolean clustered;
  // Issue 24: the categories this plugin consumes from the event bus.
  private EventInterest interest = EventInterest.UNTRACKED;

  public PluginContextImpl(Vertx vertx, String name, JsonObject config, EventPublisher publisher, EventHistory history,
      PluginStorage storage, Authenticator authenticator, PluginRoutes routes, OutboundSettings outbound,
      Supplier<List<PluginSummary>> catalog, AgentTools agentTools) {
    this.vertx = vertx;
    this.name = name;
    this.config = config;
    this.publisher = publisher;
    this.history = history;
    this.storage = storage;
    this.authenticator = authenticator;
    this.routes = routes;
    this.outbound = outbound;
    this.catalog = catalog;
    this.agentTools = agentTools;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public String pluginName() {
    return name;
  }

  @Override
  public JsonObject config() {
    return config.copy();
  }

  @Override
  public OutboundSettings outbound() {
    return outbound;
  }

  @Override
  public EventPublisher publisher() {
    return publisher;
  }

  @Override
  public EventHistory history() {
    return history;
  }

  @Override
  public PluginStorage storage() {
    return storage;
  }

  @Override
  public Authenticator authenticator() {
    return authenticator;
  }

  @Override
  public String address(String category) {
    return ADDRESS_PREFIX + category;
  }

  @Override
  public String allEventsAddress() {
    return ALL_EVENTS;
  }

  @Override
  public void upgraded(HttpConnection connection, Future<Void> closed) {
    routes.upgraded(connection, closed);
  }

  @Override
  public void mount(String pathPrefix, RouteAccess access, Handler<HttpServerRequest> handler) {
    routes.mount(name, pathPrefix, access, handler);
  }

  @Override
  public List<PluginSummary> catalog() {
    return catalog.get();
  }

  @Override
  public AgentTools agentTools() {
    return agentTools;
  }

  @Override
  public boolean clustered() {
    return clustered;
  }

  @Override
  public EventInterest interest() {
    return interest;
  }

  /** Issue 24: the plugin's interest, as the hub tracks it. */
  public PluginContextImpl interest(EventInterest interest) {
    this.interest = interest;
    return this;
  }

  /** Marks the context as a cluster node's (issue 20); before the plugin's verticle is created. */
  public PluginContextImpl clustered(boolean clustered) {
    this.clustered = clustered;
    return this;
  }
}
