package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.runtime.cluster.kafka.impl.ClientProperties;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The Kafka clients of the leader election ({@link Leadership}), configured for it. */
final class ElectionClients {
  private ElectionClients() {}

  /** The leader's transactional producer: its {@code initTransactions()} fences the previous leader's. */
  static Producer<String, byte[]> leaderProducer(LeadershipSettings settings) {
    Map<String, Object> props = settings.client();
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // A leader paused within a transaction holds every read_committed reader back until it is aborted.
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Math.max(1000, settings.sessionTimeout().toMillis()));
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.max(10_000L, 3 * settings.sessionTimeout().toMillis()));
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "hub-leader-" + settings.nodeId());
    ClientProperties.quickTransactionRetries(props);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** A member of the election's consumer group. */
  static Consumer<byte[], byte[]> electionConsumer(LeadershipSettings settings) {
    Map<String, Object> props = settings.client();
    long session = settings.sessionTimeout().toMillis();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.leaderTopic());
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
    // Heartbeats also tell a member that a rebalance waits for it: often enough that a joining node is not kept waiting.
    props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(1, Math.min(session / 3, 3000)));
    // A poll loop that stalls as long as a session is as good as gone: the group drops it.
    props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) session);
    // Sticky and cooperative: a node joining or leaving does not take the partition from the leader (its
    // plugins keep running); the partition moves only when its holder leaves or is dropped.
    props.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "hub-election-" + settings.nodeId());
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }
}
