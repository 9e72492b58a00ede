package dev.eventhub.runtime.cluster.kafka;

import io.vertx.core.Future;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Produces records of the cluster's log topic. The node's own sender is its idempotent producer; the
 * leader's is fenced (a transaction per call on the leader's fixed transactional id), so that a former
 * leader's late write fails instead of landing.
 */
public interface RecordSender {
  /**
   * Sends {@code records} in order; completes once the broker acknowledged every one ({@code acks=all}),
   * fails (and, for a transactional sender, none of them is ever read) otherwise.
   */
  Future<Void> send(List<ProducerRecord<String, byte[]>> records);
}
