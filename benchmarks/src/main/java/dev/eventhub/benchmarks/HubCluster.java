package dev.eventhub.benchmarks;

import dev.eventhub.kafka.testing.KafkaTestCluster;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * Hubs from the distribution clustered on Kafka, as docs/cluster.md runs them: {@code brokers} KRaft brokers on
 * loopback ({@link KafkaTestCluster}: child JVMs, ports chosen at run time), then each {@code bin/hub} a child process
 * with its own data directory, all with the same {@code cluster.kafka.bootstrapServers}, a log topic of their own (so
 * that nothing else on the machine shares it) and the same token secret. The hub creates the topic (replication
 * {@code min(3, brokers)}, {@code min.insync.replicas} 2 with three brokers) and produces with {@code acks=all}. What
 * C1, C2 and C3 measure.
 */
final class HubCluster implements AutoCloseable {
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(300);

  private final KafkaTestCluster kafka;
  private final Path kafkaDir;
  private final List<Server> nodes;
  private final String adminToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HubCluster(KafkaTestCluster kafka, Path kafkaDir, List<Server> nodes, String secret) {
    this.kafka = kafka;
    this.kafkaDir = kafkaDir;
    this.nodes = nodes;
    this.adminToken = Jwt.sign(secret, "admin", Duration.ofDays(1));
  }

  /**
   * Starts {@code brokers} Kafka brokers, then {@code size} hubs against them, and returns once every hub is ready
   * (it applied the topic up to its end) and all see the same topic; the hubs are named {@code node 1}...
   *
   * @param jvmFlags each hub's JVM flags, by its index from 1 (so that JFR recordings get a file each)
   */
  static HubCluster start(Path dist, IntFunction<String> jvmFlags, int size, int brokers) throws Exception {
    return start(dist, jvmFlags, size, brokers, Map.of());
  }

  /** {@link #start(Path, IntFunction, int, int)} with more settings for every hub ({@code HUB_*} variables). */
  static HubCluster start(Path dist, IntFunction<String> jvmFlags, int size, int brokers, Map<String, String> hubEnv)
      throws Exception {
    String secret = "bench-" + UUID.randomUUID() + UUID.randomUUID();
    Path kafkaDir = Files.createTempDirectory("bench-kafka");
    long t0 = System.nanoTime();
    KafkaTestCluster kafka;
    try {
      kafka = KafkaTestCluster.start(brokers, kafkaDir);
    } catch (RuntimeException e) {
      Server.deleteTree(kafkaDir);
      throw e;
    }
    System.out.printf("kafka: %d broker(s) at %s, started in %.1f s%n", brokers, kafka.bootstrapServers(),
        (System.nanoTime() - t0) / 1e9);
    String topic = "bench-" + UUID.randomUUID();
    List<Server> nodes = new ArrayList<>();
    HubCluster cluster = new HubCluster(kafka, kafkaDir, nodes, secret);
    try {
      // All at once: each creates the topic if it is missing, and the others find it.
      for (int i = 0; i < size; i++) {
        Map<String, String> env = nodeEnv(kafka.bootstrapServers(), topic, i);
        env.putAll(hubEnv);
        nodes.add(Server.launchHub(dist, jvmFlags.apply(i + 1), secret, env).named("node " + (i + 1)));
      }
      for (Server node : nodes) {
        node.awaitReady(FORM_TIMEOUT);
      }
      cluster.awaitFormed();
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** The settings of node {@code index} (from 0): the brokers, the topic, a node id that names it in the logs. */
  static Map<String, String> nodeEnv(String bootstrapServers, String topic, int index) {
    Map<String, String> env = new HashMap<>();
    env.put("HUB_CLUSTER_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    env.put("HUB_CLUSTER_KAFKA_TOPIC", topic);
    env.put("HUB_CLUSTER_NODE_ID", "bench-node-" + (index + 1));
    return env;
  }

  /** The hubs, in the order of their names. */
  List<Server> nodes() {
    return nodes;
  }

  /** The brokers' PIDs, so that their CPU is counted apart from the hubs'. */
  List<Long> brokerPids() {
    List<Long> pids = new ArrayList<>();
    for (int i = 0; i < kafka.size(); i++) {
      pids.add(kafka.pid(i));
    }
    return pids;
  }

  int brokers() {
    return kafka.size();
  }

  // Beyond "hub ready" in each log: /ready 200 on each (caught up with the topic), and the same topic id on all, so
  // that no run starts while a node still bootstraps.
  private void awaitFormed() throws Exception {
    long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
    String topicId = null;
    for (Server node : nodes) {
      while (true) {
        JsonObject status = formedAt(node);
        if (status != null && (topicId == null || topicId.equals(status.getString("topicId")))) {
          topicId = status.getString("topicId");
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster did not form within " + FORM_TIMEOUT + "; " + node.name()
              + " says " + get(node, "/api/cluster").body() + "\n" + node.output());
        }
        Thread.sleep(200);
      }
    }
  }

  private JsonObject formedAt(Server node) throws Exception {
    JsonObject status;
    try {
      if (get(node, "/ready").statusCode() != 200) {
        return null;
      }
      status = new JsonObject(get(node, "/api/cluster").body());
    } catch (java.net.http.HttpTimeoutException e) {
      return null; // a node starting on a busy machine: asked again until FORM_TIMEOUT
    }
    return Boolean.TRUE.equals(status.getBoolean("clustered")) && status.getString("topicId") != null ? status : null;
  }

  private HttpResponse<String> get(Server node, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Stops every hub (each removes its data directory), then the brokers (by PID), and removes their data. */
  @Override
  public void close() {
    nodes.parallelStream().forEach(Server::close);
    try {
      kafka.close();
    } finally {
      Server.deleteTree(kafkaDir);
    }
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    nodes.stream().sorted(Comparator.comparing(Server::name))
        .forEach(n -> out.append(String.format(", %s pid %d port %d", n.name(), n.pid(), n.port())));
    return kafka + out.toString();
  }
}
