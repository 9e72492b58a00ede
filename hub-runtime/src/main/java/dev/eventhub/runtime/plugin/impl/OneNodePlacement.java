package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.spi.ClusterPlacement;
import dev.eventhub.runtime.cluster.ClusterView;
import dev.eventhub.runtime.plugin.PluginState;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the plugins placed on one node ({@link ClusterPlacement#ONE_NODE}) run: on the cluster's
 * leader only, on standby everywhere else; every other plugin runs on every node.
 */
public final class OneNodePlacement {
  private static final Logger LOG = LoggerFactory.getLogger(OneNodePlacement.class);

  private final ClusterView cluster;
  private final PluginLauncher launcher;

  public OneNodePlacement(ClusterView cluster, PluginLauncher launcher) {
    this.cluster = cluster;
    this.launcher = launcher;
  }

  /** Starts a plugin that is to run: here, or (placed on one node, this node not leading) nowhere yet, on standby. */
  public Future<Void> launch(ManagedPlugin p) {
    if (p.placement == ClusterPlacement.ONE_NODE && !cluster.isLeader()) {
      p.state = PluginState.STANDBY;
      LOG.info("plugin " + p.name + " " + p.version + " on standby: it runs on the cluster's leader");
      return Future.succeededFuture();
    }
    return launcher.start(p);
  }

  /**
   * Brings the plugins placed on one node in line with this node's leadership, as it is now: starts
   * those on standby when it leads, stands the running ones down (in reverse order) when it does not.
   */
  public Future<Void> follow(List<ManagedPlugin> plugins) {
    boolean leader = cluster.isLeader();
    List<ManagedPlugin> ours = plugins.stream().filter(p -> p.placement == ClusterPlacement.ONE_NODE).toList();
    Future<Void> chain = Future.succeededFuture();
    if (leader) {
      for (ManagedPlugin p : ours) {
        if (p.state == PluginState.STANDBY) {
          chain = chain.compose(v -> {
            p.state = PluginState.STARTING;
            return launcher.start(p);
          });
        }
      }
      return chain;
    }
    List<ManagedPlugin> reversed = new ArrayList<>(ours);
    Collections.reverse(reversed);
    for (ManagedPlugin p : reversed) {
      // A plugin that failed to start here is tried again when this node leads again, as after a restart.
      if (p.state == PluginState.RUNNING || (p.state == PluginState.FAILED && !p.refused)) {
        chain = chain.compose(v -> standDown(p));
      }
    }
    return chain;
  }

  private Future<Void> standDown(ManagedPlugin p) {
    return launcher.stop(p).map(v -> {
      p.state = PluginState.STANDBY;
      p.error = null;
      LOG.info("plugin " + p.name + " on standby: this node is no longer the cluster's leader");
      return null;
    });
  }
}
