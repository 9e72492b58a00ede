package dev.eventhub.runtime.testing;

import dev.eventhub.runtime.cluster.ClusterView;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A clustered {@link ClusterView} a test flips by hand: leadership and the leader's address. */
public final class FakeClusterView implements ClusterView {
  private final Context context;
  private final List<Handler<Boolean>> handlers = new CopyOnWriteArrayList<>();
  private volatile boolean leader;
  private volatile String leaderHttpBase;

  /** A view of a node that is not the leader, with no leader known; handlers run on a context of {@code vertx}. */
  public FakeClusterView(Vertx vertx) {
    this.context = vertx.getOrCreateContext();
  }

  @Override
  public boolean clustered() {
    return true;
  }

  @Override
  public boolean isLeader() {
    return leader;
  }

  @Override
  public String leaderHttpBase() {
    return leader ? null : leaderHttpBase;
  }

  @Override
  public void onLeadershipChange(Handler<Boolean> handler) {
    handlers.add(handler);
  }

  /** Names the leader's address ({@code http://host:port}, or null for none); no notification, as for a real view. */
  public FakeClusterView leaderAt(String base) {
    this.leaderHttpBase = base;
    return this;
  }

  /** Sets leadership before anything started: no notification. */
  public FakeClusterView initiallyLeader(boolean leader) {
    this.leader = leader;
    return this;
  }

  /** Changes leadership and notifies the handlers on the view's context; completes once they have run. */
  public Future<Void> becomeLeader(boolean leader) {
    Promise<Void> notified = Promise.promise();
    context.runOnContext(v -> {
      this.leader = leader;
      handlers.forEach(h -> h.handle(leader));
      notified.complete();
    });
    return notified.future();
  }
}
