package dev.eventhub.api.spi;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Everything the hub offers one plugin, handed to {@link HubPlugin#createVerticle(PluginContext)}.
 *
 * <p>A plugin uses these instead of statics or resources of its own: no {@code Vertx.vertx()}, no
 * files of its own, no HTTP server of its own. The context is valid from {@code createVerticle}
 * until the worker has stopped; the runtime closes what it handed out (routes, storage) after that.
 * Every method may be called from any thread and returns at once.
 */
public interface PluginContext {
  /** The hub's Vert.x instance. */
  Vertx vertx();

  /** The plugin's name, as {@link HubPlugin#name()} gave it. */
  String pluginName();

  /**
   * The plugin's configuration: its section {@code plugins.<name>} of {@code conf/hub.json} with
   * {@code HUB_PLUGINS_<NAME>_...} environment overrides applied; an empty object when there is
   * none. A copy: changing it changes nothing.
   */
  JsonObject config();

  /**
   * The hub's rules for calls the plugin makes to other servers: which ranges {@code
   * outbound.allowNetworks} opens, the hop id to send and to refuse, the hub's own HTTP port. A
   * plugin that calls URLs its callers give must honour them (hub-plugin-kit's {@code
   * OutboundClient} does).
   */
  OutboundSettings outbound();

  /** Records and delivers events; the same path as {@code POST /api/events}. */
  EventPublisher publisher();

  /** Reads the log, for history and replay. */
  EventHistory history();

  /** Durable documents, private to this plugin. */
  PluginStorage storage();

  /** Verifies callers' tokens, for routes the plugin mounts as {@link RouteAccess#PUBLIC}. */
  Authenticator authenticator();

  /**
   * The event-bus address at which the hub publishes each recorded event of {@code category}:
   * {@code hub.events.<category>}. Message bodies are {@link dev.eventhub.api.HubEvent}s, published
   * in log order.
   */
  String address(String category);

  /**
   * The event-bus address at which the hub publishes every recorded event, whatever its category:
   * for sinks whose subscribers use category globs.
   */
  String allEventsAddress();

  /**
   * Serves HTTP requests under a path prefix on the hub's server (a plugin has no server of its
   * own). The handler receives each request whose path is {@code pathPrefix} or starts with {@code
   * pathPrefix + "/"}, untouched: its body not yet read, so a Vert.x Web {@code Router} (with its
   * {@code BodyHandler}) may be the handler. Sources mount under {@code /api/<category>}.
   *
   * <p>The routes are removed when the plugin stops.
   *
   * @param pathPrefix an absolute path without a trailing slash, e.g. {@code /api/checkpoint}
   * @param access who may reach the routes; {@link RouteAccess#CATEGORY_SCOPES} needs a prefix of
   *     the form {@code /api/<category>}
   * @param handler the plugin's request handler, called on the hub's event loop
   * @throws IllegalArgumentException when the prefix is malformed, belongs to the hub ({@code
   *     /api/events}, {@code /health}, ...) or is mounted by another plugin
   */
  void mount(String pathPrefix, RouteAccess access, Handler<HttpServerRequest> handler);

  /**
   * The plugins in service (running here, or on standby while they run on the cluster's leader) and the
   * categories they declare: the hub's catalog, as {@code /api/categories} serves it. A snapshot.
   */
  List<PluginSummary> catalog();

  /**
   * The hub's registry of tools for agents: register this plugin's own (they are withdrawn when it
   * stops); list everyone's to serve them. See {@link AgentTool}.
   */
  AgentTools agentTools();

  /**
   * Whether this hub is one node of a cluster (docs/cluster.md): then every node runs its own copy of a plugin
   * placed on every node, and what such a copy keeps in memory is this node's alone. {@code false} on a single
   * hub, and by default.
   */
  default boolean clustered() {
    return false;
  }

  /**
   * Tells the hub that a request on {@code connection} was upgraded to a WebSocket that this plugin now
   * serves, and when it ends. The hub bounds open connections ({@code http.maxConnections}), WebSockets
   * included, but Vert.x does not report the close of a connection it upgraded: without this call an
   * upgraded connection stays counted for the hub's life. Call it once, on the connection's context, right
   * after the upgrade succeeded. By default it does nothing (a hub that bounds nothing).
   *
   * @param connection the upgraded request's {@code connection()}
   * @param closed completes (either way) when the WebSocket has closed
   */
  default void upgraded(HttpConnection connection, Future<Void> closed) {
  }

  /**
   * Tells the hub which categories' events this plugin consumes from the event bus, so that events nobody wants
   * are not put there (issue 24). A plugin that never calls {@link EventInterest#narrow()} receives every event. By
   * default {@link EventInterest#UNTRACKED}: a hub that puts every event on the bus.
   */
  default EventInterest interest() {
    return EventInterest.UNTRACKED;
  }
}
