package dev.eventhub.benchmarks;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Hubs from the distribution clustered on loopback, as docs/cluster.md runs them: each {@code bin/hub}
 * a child process with its own data directory and Hazelcast port, all with the same members list and
 * token secret, a cluster name of their own (so that no other cluster on the machine joins), the
 * default quorum (a majority of the members: both of two). What C1 and C2 measure.
 */
final class HubCluster implements AutoCloseable {
  private static final Duration FORM_TIMEOUT = Duration.ofSeconds(60);

  private final List<Server> nodes;
  private final String adminToken;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HubCluster(List<Server> nodes, String secret) {
    this.nodes = nodes;
    this.adminToken = Jwt.sign(secret, "admin", Duration.ofDays(1));
  }

  /**
   * Starts {@code size} members and returns once every one is ready and sees all the others; the
   * members are then named by their role, the sequencer first.
   *
   * @param jvmFlags each member's JVM flags, by its index from 1 (so that JFR recordings get a file each)
   */
  static HubCluster start(Path dist, IntFunction<String> jvmFlags, int size) throws Exception {
    String secret = "bench-" + UUID.randomUUID() + UUID.randomUUID();
    List<Integer> ports = freePorts(size);
    String name = "bench-" + UUID.randomUUID();
    List<Server> nodes = new ArrayList<>();
    HubCluster cluster = new HubCluster(nodes, secret);
    try {
      // All at once: the first member is ready only when a quorum is there, so none waits for it alone.
      for (int i = 0; i < size; i++) {
        nodes.add(Server.launchHub(dist, jvmFlags.apply(i + 1), secret, memberEnv(name, ports, i)).named("node " + (i + 1)));
      }
      for (Server node : nodes) {
        node.awaitReady();
      }
      cluster.awaitFormed();
      cluster.nameByRole();
      return cluster;
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
  }

  /** The settings of member {@code index} (from 0) of a loopback cluster whose members listen on {@code ports}. */
  static Map<String, String> memberEnv(String clusterName, List<Integer> ports, int index) {
    List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    Map<String, String> env = new HashMap<>();
    env.put("HUB_CLUSTER_ENABLED", "true");
    env.put("HUB_CLUSTER_NAME", clusterName);
    env.put("HUB_CLUSTER_HOST", "127.0.0.1");
    env.put("HUB_CLUSTER_PORT", Integer.toString(ports.get(index)));
    env.put("HUB_CLUSTER_MEMBERS", String.join(",", members));
    return env;
  }

  // Held open together, so that the same port is not handed out twice.
  private static List<Integer> freePorts(int n) throws IOException {
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

  /** The members, the sequencer first. */
  List<Server> nodes() {
    return nodes;
  }

  // Beyond "hub ready" in each log (in step with a sequencer): /ready 200 on each, and each listing every
  // member, so that no run starts while a member still joins or the sequencer still takes over.
  private void awaitFormed() throws Exception {
    long deadline = System.nanoTime() + FORM_TIMEOUT.toNanos();
    for (Server node : nodes) {
      while (!formedAt(node)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the cluster did not form within " + FORM_TIMEOUT + "; " + node.name()
              + " says " + get(node, "/api/cluster").body() + "\n" + node.output());
        }
        Thread.sleep(200);
      }
    }
  }

  private boolean formedAt(Server node) throws Exception {
    return get(node, "/ready").statusCode() == 200
        && status(node).getJsonArray("members").size() == nodes.size();
  }

  // Names each member by the role the first one reports, and puts the sequencer first.
  private void nameByRole() throws Exception {
    JsonObject status = status(nodes.get(0));
    for (Object m : status.getJsonArray("members")) {
      JsonObject member = (JsonObject) m;
      for (Server node : nodes) {
        if (member.getString("http").equals("http://127.0.0.1:" + node.port())) {
          node.named(member.getString("role"));
        }
      }
    }
    nodes.sort(Comparator.comparing(n -> n.name().equals("sequencer") ? 0 : 1));
  }

  private JsonObject status(Server node) throws Exception {
    return new JsonObject(get(node, "/api/cluster").body());
  }

  private HttpResponse<String> get(Server node, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken).build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Stops every member (each removes its data directory). */
  @Override
  public void close() {
    // Together: a member stopped alone would wait for the quorum it lost, and the other for it.
    nodes.parallelStream().forEach(Server::close);
  }
}
