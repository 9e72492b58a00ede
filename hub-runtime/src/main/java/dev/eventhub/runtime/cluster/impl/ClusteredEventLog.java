package dev.eventhub.runtime.cluster.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogStats;
import dev.eventhub.runtime.log.ReplicaLog;
import io.vertx.core.Future;
import java.util.List;

/**
 * The log as the rest of the hub sees it in a cluster: appends and storage writes go through the
 * sequencer, reads come from this node's own copy, which has the same events under the same cursors.
 */
public final class ClusteredEventLog implements EventLog {
  private final ReplicaLog local;
  private final ClusterNode node;

  public ClusteredEventLog(ReplicaLog local, ClusterNode node) {
    this.local = local;
    this.node = node;
  }

  /** This node's own copy of the log. */
  public ReplicaLog replica() {
    return local;
  }

  @Override
  public Future<List<Appended>> append(List<EventDraft> drafts) {
    return drafts.isEmpty() ? Future.succeededFuture(List.of()) : node.append(drafts);
  }

  @Override
  public Future<EventPage> read(EventQuery query) {
    return local.read(query);
  }

  @Override
  public Future<EventPage> last(EventFilter filter, int count) {
    return local.last(filter, count);
  }

  @Override
  public Future<String> head() {
    return local.head();
  }

  @Override
  public PluginStorage storage(String namespace) {
    return new ClusteredPluginStorage(namespace, local.storage(namespace), node);
  }

  @Override
  public Future<Long> prune() {
    return local.prune();
  }

  @Override
  public LogStats stats() {
    return local.stats();
  }

  @Override
  public Future<Void> close() {
    return local.close();
  }
}
