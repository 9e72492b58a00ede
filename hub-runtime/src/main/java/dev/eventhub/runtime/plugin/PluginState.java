package dev.eventhub.runtime.plugin;

import java.util.Locale;

/** A plugin's state as {@code /api/plugins} reports it. */
public enum PluginState {
  STARTING,
  RUNNING,
  FAILED,
  STOPPED,
  /**
   * Placed on one node ({@link dev.eventhub.api.spi.ClusterPlacement#ONE_NODE}) and this node is not
   * the cluster's leader: not running here, started when this node becomes leader.
   */
  STANDBY;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
