package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.runtime.cluster.ClusterSettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The properties of each Kafka client: the user's {@code cluster.kafka.properties} (TLS, SASL, timeouts),
 * then what the hub's guarantees rest on, which the settings refuse to let a user change.
 */
public final class ClientProperties {
  /** How long the applier's fetch waits at the broker when there is nothing new (Kafka's own default). */
  public static final int IDLE_FETCH_WAIT_MS = 500;

  private ClientProperties() {}

  private static Properties base(ClusterSettings settings, String clientId) {
    Properties p = new Properties();
    p.putAll(settings.properties());
    p.put("bootstrap.servers", settings.bootstrapServers());
    p.putIfAbsent("client.id", clientId);
    return p;
  }

  public static Properties admin(ClusterSettings settings, String nodeId) {
    Properties p = base(settings, "hub-" + nodeId + "-admin");
    p.putIfAbsent("request.timeout.ms", "15000");
    p.putIfAbsent("default.api.timeout.ms", "30000");
    return p;
  }

  /**
   * The idempotent producer ({@code transactionalId} null) or the transactional one. A send gives up after
   * {@code cluster.publishTimeout}, as the request waiting for it does.
   */
  public static Properties producer(ClusterSettings settings, String nodeId, String transactionalId) {
    Properties p = base(settings, "hub-" + nodeId + (transactionalId == null ? "-producer" : "-tx-producer"));
    long timeout = Math.max(2_000, settings.publishTimeout().toMillis());
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "1");
    p.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(30_000, timeout - 1_000)));
    p.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout));
    p.putIfAbsent(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(8 << 20));
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    if (transactionalId != null) {
      p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
      quickTransactionRetries(p);
      // A node that dies (or is paused) inside a batch's transaction holds every node's read_committed apply
      // until the coordinator aborts it after this long: short, since a batch commits in milliseconds.
      p.putIfAbsent(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Long.toString(Math.min(timeout, 10_000)));
    }
    return p;
  }

  /**
   * A transaction that starts right after the previous one committed is refused ({@code CONCURRENT_TRANSACTIONS})
   * until the coordinator has written the commit markers, a few milliseconds; the client retries after {@code
   * retry.backoff.ms}, 100 ms by default and growing. Back-to-back transactions (a leader's claim, then its
   * outcome) would each wait that long: retry sooner, unless the user set these.
   */
  public static void quickTransactionRetries(Map<? super String, Object> p) {
    p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, "5");
    p.putIfAbsent(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG, "200");
  }

  /** The applier's consumer: no group (it assigns the partition and keeps its position in SQLite). */
  public static Properties consumer(ClusterSettings settings, String nodeId) {
    Properties p = base(settings, "hub-" + nodeId + "-applier");
    p.putIfAbsent(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
    // The broker answers a waiting fetch as soon as records become readable (its high watermark, or with
    // read_committed its last stable offset, moves), so this wait never sits between a publish and its apply: it
    // only says how often an idle node asks again. 50 ms made every idle node send 20 fetches a second.
    p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, Integer.toString(IDLE_FETCH_WAIT_MS));
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }
}
