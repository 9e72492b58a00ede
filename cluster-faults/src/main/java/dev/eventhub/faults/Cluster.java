package dev.eventhub.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Three hubs of the distribution on the brokers: one topic of their own (so nothing else on the machine
 * mixes in), a shared HS256 secret, each hub a node id, an HTTP port and a data directory of its own,
 * loopback opened to outbound calls (the webhook receiver).
 */
final class Cluster implements AutoCloseable {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(180);

  private final Brokers brokers;
  private final List<HubNode> hubs = new ArrayList<>();
  private final Api api;
  private final Duration sessionTimeout;

  private Cluster(Brokers brokers, Api api, Duration sessionTimeout) {
    this.brokers = brokers;
    this.api = api;
    this.sessionTimeout = sessionTimeout;
  }

  /** Starts {@code size} hubs (not waiting: {@link #awaitAllReady}). */
  static Cluster start(Path dist, Path dir, Brokers brokers, int size, Duration sessionTimeout, String jvmFlags)
      throws IOException {
    String secret = "faults-" + UUID.randomUUID() + UUID.randomUUID();
    Api api = new Api(Jwt.sign(secret, "admin subscribe:* publish:* schedule:http", Duration.ofDays(2)));
    Cluster cluster = new Cluster(brokers, api, sessionTimeout);
    String topic = "faults-" + UUID.randomUUID().toString().substring(0, 8);
    List<Integer> ports = freePorts(size);
    for (int i = 0; i < size; i++) {
      String name = "node-" + (i + 1);
      Map<String, String> env = new HashMap<>();
      env.put("HUB_AUTH_JWT_SECRET", secret);
      if (brokers.size() > 0) {
        env.put("HUB_CLUSTER_KAFKA_BOOTSTRAP_SERVERS", brokers.bootstrapServers());
        env.put("HUB_CLUSTER_KAFKA_TOPIC", topic);
        env.put("HUB_CLUSTER_NODE_ID", name);
        env.put("HUB_CLUSTER_HTTP_BASE", "http://127.0.0.1:" + ports.get(i));
        env.put("HUB_CLUSTER_SESSION_TIMEOUT", sessionTimeout.toMillis() + "ms");
      }
      env.put("HUB_OUTBOUND_ALLOW_NETWORKS", "127.0.0.0/8");
      env.put("HUB_JAVA_OPTS", jvmFlags);
      Path nodeDir = Files.createDirectories(dir.resolve(name));
      cluster.hubs.add(new HubNode(name, dist, nodeDir, ports.get(i), env));
    }
    for (HubNode hub : cluster.hubs) {
      hub.start();
    }
    return cluster;
  }

  List<HubNode> hubs() {
    return hubs;
  }

  Brokers brokers() {
    return brokers;
  }

  Api api() {
    return api;
  }

  Duration sessionTimeout() {
    return sessionTimeout;
  }

  void awaitAllReady() throws InterruptedException {
    for (HubNode hub : hubs) {
      api.awaitReady(hub, READY_TIMEOUT);
    }
  }

  /**
   * The node that leads ONE_NODE plugin work, as {@code GET /api/cluster} of a ready node says, or null
   * when none says. Read leniently: a {@code leader} field (a node id, an HTTP base, or an object with
   * either), or the member whose {@code role} is {@code leader}.
   */
  HubNode leader() {
    for (HubNode node : hubs) {
      if (!node.alive() || node.paused()) {
        continue;
      }
      Api.Answer a = api.get(node, "/api/cluster", Duration.ofSeconds(5));
      if (a.status() != 200) {
        continue;
      }
      HubNode found = leaderIn(a.json());
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private HubNode leaderIn(JsonObject status) {
    Object leader = status.getValue("leader");
    if (leader instanceof JsonObject o) {
      leader = o.encode();
    }
    if (leader instanceof String s) {
      HubNode n = named(s);
      if (n != null) {
        return n;
      }
    }
    JsonArray members = status.getJsonArray("members", new JsonArray());
    for (int i = 0; i < members.size(); i++) {
      Object m = members.getValue(i);
      if (m instanceof JsonObject member && ("leader".equals(member.getString("role"))
          || Boolean.TRUE.equals(member.getValue("leader")))) {
        HubNode n = named(member.encode());
        if (n != null) {
          return n;
        }
      }
    }
    return null;
  }

  // The node whose id or HTTP port the text names.
  private HubNode named(String text) {
    for (HubNode n : hubs) {
      if (text.equals(n.name()) || text.contains("\"" + n.name() + "\"") || text.contains("127.0.0.1:" + n.port())) {
        return n;
      }
    }
    return null;
  }

  private static List<Integer> freePorts(int n) throws IOException {
    // Held open together, so that the same port is not handed out twice.
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** Stops every hub (SIGTERM, then SIGKILL), then the brokers. */
  @Override
  public void close() {
    hubs.parallelStream().forEach(h -> {
      try {
        h.stop(Duration.ofSeconds(20));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    brokers.close();
  }
}
