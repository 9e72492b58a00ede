package dev.eventhub.runtime.cluster;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code cluster} section of {@code conf/hub.json} (see docs/cluster.md): a hub with {@code
 * cluster.kafka.bootstrapServers} set is one node of a cluster whose log is a Kafka topic. Reading it loads
 * nothing of Kafka.
 *
 * @param bootstrapServers {@code host:port[,host:port...]} of the Kafka brokers
 * @param topic the log topic (one partition); its leader-election topic is {@code <topic>.leader}
 * @param properties passed to every Kafka client (producer, consumer, admin): TLS, SASL, timeouts
 * @param nodeId this node's name in the cluster; null: generated once and kept in the data directory
 * @param httpBase how other nodes reach this node's HTTP API; null derives it from the HTTP host and port
 * @param sessionTimeout after how long without a heartbeat the leader is replaced
 * @param dedupWindow how long (broker time) an event id stays a duplicate
 * @param publishTimeout how long a publish or a document write waits for the broker's ack and this node's apply
 * @param maxApplyLag how long this node may go without being caught up before {@code /ready} says 503
 */
public record ClusterSettings(String bootstrapServers, String topic, Map<String, String> properties, String nodeId,
    String httpBase, Duration sessionTimeout, Duration dedupWindow, Duration publishTimeout, Duration maxApplyLag) {

  /** The Hazelcast-era settings: refused, so that nobody believes they still do something. */
  static final List<String> OLD_KEYS = List.of("enabled", "members", "quorum", "port", "busPort", "name", "host",
      "replicationTimeout", "failoverTimeout", "memberTimeout", "backups");

  /**
   * Client properties the hub sets itself: changing them would break what a 201 means (acks, idempotence),
   * what a node reads (isolation), fencing (transactional ids) or the record format (serializers).
   */
  static final Set<String> FORBIDDEN_PROPERTIES = Set.of("acks", "enable.idempotence", "isolation.level",
      "transactional.id", "group.id", "group.instance.id", "enable.auto.commit", "key.serializer",
      "value.serializer", "key.deserializer", "value.deserializer", "bootstrap.servers");

  /** Property names whose values are secrets: never shown. */
  private static final List<String> SECRET_MARKERS = List.of("password", "jaas", "secret", "token", "key");

  /** True when {@code cluster.kafka.bootstrapServers} is set: the hub runs as a cluster node. */
  public static boolean clustered(HubConfig config) {
    Object servers = config.value("cluster.kafka.bootstrapServers");
    return servers instanceof String s && !s.isBlank();
  }

  /**
   * Checks what every hub must: no Hazelcast-era key is left in the section (single node too: a config
   * written for the old cluster would otherwise start as a lone node without a word).
   */
  public static void refuseOldKeys(HubConfig config) {
    Object section = config.value("cluster");
    if (!(section instanceof JsonObject cluster)) {
      return;
    }
    for (String key : OLD_KEYS) {
      if (cluster.containsKey(key)) {
        throw new ConfigException("cluster." + key + " is no longer a setting: clustering runs on Kafka now "
            + "(set cluster.kafka.bootstrapServers; see docs/cluster.md); remove cluster." + key);
      }
    }
  }

  /** Reads and checks the section; a wrong value is a {@link ConfigException} naming it. */
  public static ClusterSettings from(HubConfig config) {
    refuseOldKeys(config);
    if (!clustered(config)) {
      throw new ConfigException("cluster.kafka.bootstrapServers: set it to the Kafka brokers (host:port,...)");
    }
    boolean generatedSecret = config.bool("auth.enabled") && "HS256".equals(config.string("auth.jwt.algorithm"))
        && config.value("auth.jwt.secret") == null;
    if (generatedSecret) {
      throw new ConfigException("auth.jwt.secret: a cluster needs the same token secret on every node; set it "
          + "(or HUB_AUTH_JWT_SECRET) instead of letting each node generate its own");
    }
    String topic = config.string("cluster.kafka.topic");
    if (topic == null || !topic.matches("[a-zA-Z0-9._-]{1,200}")) {
      throw new ConfigException("cluster.kafka.topic: a Kafka topic name (letters, digits, '.', '_', '-'; at most "
          + "200), got " + topic);
    }
    String nodeId = config.string("cluster.nodeId");
    if (nodeId != null && !nodeId.matches("[a-zA-Z0-9._-]{1,64}")) {
      throw new ConfigException("cluster.nodeId: letters, digits, '.', '_' or '-', 1 to 64 of them; got " + nodeId);
    }
    return new ClusterSettings(config.string("cluster.kafka.bootstrapServers").trim(), topic, properties(config),
        nodeId, config.string("cluster.httpBase"), positive(config, "cluster.sessionTimeout"),
        positive(config, "cluster.dedupWindow"), positive(config, "cluster.publishTimeout"),
        positive(config, "cluster.maxApplyLag"));
  }

  private static Map<String, String> properties(HubConfig config) {
    Object raw = config.value("cluster.kafka.properties");
    if (raw == null) {
      return Map.of();
    }
    if (!(raw instanceof JsonObject json)) {
      throw new ConfigException("cluster.kafka.properties must be a JSON object of Kafka client properties");
    }
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<String, Object> e : json) {
      String name = e.getKey();
      if (FORBIDDEN_PROPERTIES.contains(name.trim().toLowerCase(Locale.ROOT))) {
        throw new ConfigException("cluster.kafka.properties." + name + " cannot be set: the hub sets it itself "
            + "(idempotent producer with acks=all, read_committed consumers, its own transactional ids and record "
            + "format), which is what its guarantees rest on; see docs/cluster.md");
      }
      Object value = e.getValue();
      if (!(value instanceof String || value instanceof Number || value instanceof Boolean)) {
        throw new ConfigException("cluster.kafka.properties." + name + " must be a string, number or boolean");
      }
      out.put(name, value.toString());
    }
    return Map.copyOf(out);
  }

  private static Duration positive(HubConfig config, String path) {
    Duration d = config.duration(path);
    if (d.isZero() || d.isNegative()) {
      throw new ConfigException("setting '" + path + "' must be more than 0, got " + config.value(path));
    }
    return d;
  }

  /** True when a client property holds a secret (a password, a JAAS config): it is never logged or shown. */
  public static boolean secret(String property) {
    String name = property.toLowerCase(Locale.ROOT);
    return SECRET_MARKERS.stream().anyMatch(name::contains) && !name.endsWith(".type") && !name.endsWith(".location");
  }

  /** The properties with every secret value masked: what may be logged or shown. */
  public Map<String, String> shownProperties() {
    Map<String, String> shown = new TreeMap<>();
    properties.forEach((k, v) -> shown.put(k, secret(k) ? "[hidden]" : v));
    return shown;
  }

  @Override
  public String toString() {
    return "ClusterSettings[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", properties="
        + shownProperties() + ", nodeId=" + nodeId + ", httpBase=" + httpBase + "]";
  }
}
