package dev.eventhub.api.spi;

/**
 * Where a plugin's worker runs when the hub runs as a cluster; see {@link HubPlugin#placement()}.
 *
 * <p>In a single hub (not clustered) placement changes nothing: the hub is its own leader and runs
 * every plugin. In a cluster every node discovers the same plugins, and the placement decides which
 * nodes deploy the worker. Plugin code is the same either way: what a plugin keeps in {@link
 * PluginStorage} is replicated to every node, and events it publishes reach subscribers on every
 * node.
 */
public enum ClusterPlacement {
  /**
   * The worker runs on every node, each serving its own connections: the right placement for sinks
   * (the WebSocket sink delivers to the clients connected to its node). A plugin placed so must not
   * act on the outside world once per event or per timer tick, since every node would do it.
   */
  EVERY_NODE,

  /**
   * The worker runs on one node at a time, the cluster's leader, and moves when leadership moves:
   * it is stopped on the old leader (or that node is gone) and started on the new one. A schedule
   * thus fires once, an outbound delivery is attempted by one node at a time. The plugin's HTTP
   * routes answer on every node: a node that does not run the worker forwards those requests to the
   * leader. On the other nodes the plugin is listed as {@code standby}.
   *
   * <p>A worker placed so keeps all of its state in {@link PluginStorage} (replicated, and read by the
   * next leader when the worker moves), never only in memory or in files: whatever is only in the
   * old leader's memory is lost when leadership moves. Work in flight when that happens (a delivery
   * attempt, a timer that was about to fire) may be repeated by the new leader, so it should be
   * idempotent or recorded in storage before it is acted on.
   */
  ONE_NODE
}
