package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.runtime.cluster.ClusterSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link Leadership} needs: the log topic (the election runs on {@code <topic>.leader}), the
 * properties every Kafka client gets ({@code bootstrap.servers} and the operator's TLS/SASL
 * settings), this node's id and HTTP base address, and {@code cluster.sessionTimeout}.
 *
 * @param awaitApply when true, leadership starts only once this node's log has applied the node's own
 *     leader record ({@link Leadership#applied}), so that leader work sees every write of the leaders
 *     before it; false where no log applies the topic (tests of the election alone)
 */
public record LeadershipSettings(String topic, Map<String, Object> clientProperties, String nodeId, String httpBase,
    Duration sessionTimeout, boolean awaitApply) {

  public LeadershipSettings {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(nodeId, "nodeId");
    clientProperties = Map.copyOf(clientProperties);
    if (sessionTimeout.toMillis() < 3) {
      throw new IllegalArgumentException("cluster.sessionTimeout must be at least a few milliseconds");
    }
  }

  /** The settings of a hub's node: its cluster settings; leadership waits for the node's log to apply its record. */
  public static LeadershipSettings from(ClusterSettings cluster, String nodeId) {
    Map<String, Object> client = new HashMap<>(cluster.properties());
    client.put("bootstrap.servers", cluster.bootstrapServers());
    return new LeadershipSettings(cluster.topic(), client, nodeId, cluster.httpBase(), cluster.sessionTimeout(), true);
  }

  /** The one-partition topic whose consumer group elects the leader; also the group's id. */
  public String leaderTopic() {
    return topic + ".leader";
  }

  /** The transactional id every leader's producer uses, so that each new leader fences the previous one. */
  public String transactionalId() {
    return topic + ".leader";
  }

  /** A copy of the client properties, for one client to add its own to. */
  Map<String, Object> client() {
    return new HashMap<>(clientProperties);
  }
}
