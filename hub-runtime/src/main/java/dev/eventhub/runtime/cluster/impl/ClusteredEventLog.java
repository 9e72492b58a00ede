package dev.eventhub.runtime.cluster.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogStats;
import dev.eventhub.runtime.log.ReplicaLog;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

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

  // Reads show only what a quorum holds: on the sequencer, its newest events may not be there yet (and
  // would vanish from history if it died now).
  @Override
  public Future<EventPage> read(EventQuery query) {
    return local.read(query).map(this::visible);
  }

  @Override
  public Future<EventPage> last(EventFilter filter, int count) {
    return local.last(filter, count).map(this::visible);
  }

  @Override
  public Future<String> head() {
    long visible = node.visibleSeq();
    return visible >= local.headSeq() ? local.head() : Future.succeededFuture(local.cursorOf(visible));
  }

  private EventPage visible(EventPage page) {
    long visible = node.visibleSeq();
    List<HubEvent> events = page.events();
    int keep = events.size();
    while (keep > 0 && local.seqOf(events.get(keep - 1).cursor()) > visible) {
      keep--;
    }
    if (keep == events.size()) {
      return page;
    }
    String next = keep > 0 ? events.get(keep - 1).cursor() : page.next();
    if (keep == 0 && local.seqOf(next) > visible) {
      next = local.cursorOf(visible);
    }
    return new EventPage(List.copyOf(events.subList(0, keep)), next, false, page.complete());
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
  public String storageFault() {
    return local.storageFault();
  }

  @Override
  public void onCategoriesEmptied(Consumer<Set<String>> listener) {
    local.onCategoriesEmptied(listener);
  }

  @Override
  public Future<Void> close() {
    return local.close();
  }
}
