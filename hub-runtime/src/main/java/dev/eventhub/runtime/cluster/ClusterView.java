package dev.eventhub.runtime.cluster;

import io.vertx.core.Handler;

/**
 * What the rest of the runtime needs to know about the cluster: whether this node is the leader
 * (the node that runs the plugins placed on one node, see {@link dev.eventhub.api.spi.ClusterPlacement}),
 * and where the leader answers HTTP. A hub that is not clustered is its own leader, always.
 */
public interface ClusterView {
  /** True when the hub runs as a cluster member. */
  boolean clustered();

  /** True when this node is the leader: the one that runs plugins placed on one node. */
  boolean isLeader();

  /**
   * The leader's HTTP base address ({@code http://host:port}), or null while there is none (an
   * election, a minority partition) or when this node is the leader.
   */
  String leaderHttpBase();

  /**
   * Called on a Vert.x context each time this node gains ({@code true}) or loses ({@code false})
   * leadership, in order; never called when not clustered.
   */
  void onLeadershipChange(Handler<Boolean> handler);


  /** The view of a hub that is not clustered: its own leader. */
  static ClusterView single() {
    return SingleNode.INSTANCE;
  }

  /** A hub that is not clustered. */
  enum SingleNode implements ClusterView {
    INSTANCE;

    @Override
    public boolean clustered() {
      return false;
    }

    @Override
    public boolean isLeader() {
      return true;
    }

    @Override
    public String leaderHttpBase() {
      return null;
    }

    @Override
    public void onLeadershipChange(Handler<Boolean> handler) {
      // Never changes.
    }
  }
}
