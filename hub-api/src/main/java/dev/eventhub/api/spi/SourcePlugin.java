package dev.eventhub.api.spi;

/**
 * A plugin that produces events: it publishes through {@link PluginContext#publisher()} and
 * declares what it publishes in {@link #categories()}.
 *
 * <p>Register implementations with {@code @AutoService(SourcePlugin.class)}.
 */
public interface SourcePlugin extends HubPlugin {
  /**
   * {@link ClusterPlacement#ONE_NODE}: in a cluster a source runs on the leader only, so that it
   * publishes each event once (a schedule fires once, a webhook is delivered by one node). Its
   * routes still answer on every node.
   */
  @Override
  default ClusterPlacement placement() {
    return ClusterPlacement.ONE_NODE;
  }
}
