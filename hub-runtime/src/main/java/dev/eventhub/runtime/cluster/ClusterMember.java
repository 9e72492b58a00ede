package dev.eventhub.runtime.cluster;

import dev.eventhub.runtime.http.HttpApi;
import dev.eventhub.runtime.log.EventLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;

/**
 * What a hub that is one node of a cluster adds to a single hub: its log is the cluster's, it has a view of
 * the cluster (leadership), and it tells {@code /ready} and {@code GET /api/cluster} how it stands. The
 * implementation is opened only when {@code cluster.kafka.bootstrapServers} is set: a single node loads
 * nothing of Kafka.
 */
public interface ClusterMember {
  /** The cluster's log, as this node serves it. */
  EventLog log();

  /**
   * The log that plugins placed on one node write through: the same log, whose writes go through the
   * leader's fenced producer, so that a node that lost leadership without knowing it cannot write.
   */
  EventLog leaderLog();

  /** Who leads; what ONE_NODE plugins and forwarding follow. */
  ClusterView view();

  /** Wires {@code /ready}, {@code GET /api/cluster} and the cluster's meters. */
  void expose(HttpApi api, MeterRegistry registry);

  /** Once the HTTP server listens: completes when this node caught up with the log and joined the election. */
  Future<Void> join(int httpPort);

  /** Leaves the election and closes the log. */
  Future<Void> close();
}
