package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.runtime.cluster.ClusterView;
import io.vertx.core.Handler;

/**
 * PLACEHOLDER until the leader election (Leadership, issue 18's leader branch) is wired in: every node says
 * it leads, so plugins placed on one node run on every node. Not for production; the lead replaces it.
 */
final class SelfLeaderView implements ClusterView {
  @Override
  public boolean clustered() {
    return true;
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
