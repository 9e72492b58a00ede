package dev.eventhub.api.spi;

/**
 * A plugin that takes events somewhere: it consumes the event-bus addresses of {@link
 * PluginContext#address(String)} (or {@link PluginContext#allEventsAddress()}) and, for replay,
 * reads {@link PluginContext#history()}. The WebSocket sink is one.
 *
 * <p>Register implementations with {@code @AutoService(SinkPlugin.class)}.
 */
public interface SinkPlugin extends HubPlugin {
  /**
   * {@link ClusterPlacement#EVERY_NODE}: in a cluster a sink runs on each node, serving the clients
   * connected to that node from its own copy of the log. A sink that pushes events to one outside
   * system should return {@link ClusterPlacement#ONE_NODE}, or each node would push each event.
   */
  @Override
  default ClusterPlacement placement() {
    return ClusterPlacement.EVERY_NODE;
  }
}
