package dev.eventhub.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * Real Apache Kafka for tests and benchmarks: {@code n} combined broker+controller KRaft nodes, each in its own child
 * JVM, listening on 127.0.0.1 on ports chosen at run time.
 *
 * <p>Nodes are numbered from 0 to {@code size() - 1} in this API (their Kafka {@code node.id} is that number plus
 * one). Each node lives in {@code dir/node-<id>}: its {@code server.properties}, its log dirs ({@code data}) and
 * {@code node.log}, the child's output (Kafka's warnings and errors); a failure to start throws with the tail of that
 * log. Faults act on one PID: {@link #kill} (SIGKILL), {@link #pause} (SIGSTOP), {@link #resume} (SIGCONT); nothing
 * here ever signals a process by name. Every node still running when the JVM exits is killed by a shutdown hook,
 * and a child halts by itself when the JVM that started it dies without running its hooks.
 *
 * <p>Settings are those of a test: internal topics with replication {@code min(3, n)} and
 * {@code transaction.state.log.min.isr = min(2, n)}, no initial rebalance delay, one partition per auto-created topic,
 * a broker session of 6 s (a killed broker's partitions move within seconds).
 *
 * <pre>{@code
 * try (KafkaTestCluster kafka = KafkaTestCluster.start(3, tempDir)) {
 *   String bootstrap = kafka.bootstrapServers();
 *   kafka.kill(1);
 *   kafka.restart(1);
 * }
 * }</pre>
 */
public final class KafkaTestCluster implements AutoCloseable {

  // Generous: on a machine shared by builds and benchmarks (load average 50 on 2 cores), three brokers took over 90 s.
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
  private static final int START_ATTEMPTS = 3;
  private static final Set<KafkaTestCluster> LIVE = ConcurrentHashMap.newKeySet();
  private static final Set<Path> SHARED_DIRS = ConcurrentHashMap.newKeySet();
  private static KafkaTestCluster shared;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(KafkaTestCluster::killAllAtExit, "kafka-test-broker-exit"));
  }

  private final List<KafkaNode> nodes;
  private final boolean isShared;

  private KafkaTestCluster(List<KafkaNode> nodes, boolean isShared) {
    this.nodes = List.copyOf(nodes);
    this.isShared = isShared;
  }

  /**
   * Starts {@code nodes} combined broker+controller KRaft nodes in child JVMs under {@code dir} and returns when
   * every node answers (an Admin client's describeCluster sees them all), within 180 s. On failure, everything started
   * is killed and the exception carries the tail of the failing node's log.
   *
   * @param nodes how many nodes (1 for most tests, 3 for fault tests)
   * @param dir a directory of the caller's (created when missing); the nodes' data stays there after close
   */
  public static KafkaTestCluster start(int nodes, Path dir) {
    if (nodes < 1) {
      throw new IllegalArgumentException("a cluster needs at least one node, not " + nodes);
    }
    Objects.requireNonNull(dir, "dir");
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return startOnce(nodes, dir, false);
      } catch (PortTakenException e) {
        // Another process bound a port between our pick and the broker's bind: pick again.
        last = e;
      }
    }
    throw last;
  }

  /**
   * One single-node cluster per JVM, started on the first call (thread-safe), in a temporary directory that is
   * deleted at JVM exit after its node is killed. Its {@link #close} does nothing: other tests of the JVM share it.
   * Never kill, pause or restart it.
   */
  public static synchronized KafkaTestCluster shared() {
    if (shared == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("kafka-test-broker-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a directory for the shared broker", e);
      }
      SHARED_DIRS.add(dir);
      IllegalStateException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS && shared == null; attempt++) {
        try {
          shared = startOnce(1, dir, true);
        } catch (PortTakenException e) {
          last = e;
        }
      }
      if (shared == null) {
        throw last;
      }
    }
    return shared;
  }

  /** The bootstrap list of every node: {@code 127.0.0.1:p1,127.0.0.1:p2,...}. */
  public String bootstrapServers() {
    return nodes.stream().map(n -> "127.0.0.1:" + n.brokerPort()).collect(Collectors.joining(","));
  }

  /** How many nodes the cluster has (running or not). */
  public int size() {
    return nodes.size();
  }

  /** The PID of node {@code node}'s current child JVM (the last one started, even if it has since died). */
  public long pid(int node) {
    return node(node).pid();
  }

  /** SIGKILL to node {@code node}'s JVM ({@link Process#destroyForcibly}); returns when it has exited. */
  public void kill(int node) {
    node(node).kill();
  }

  /** SIGSTOP to node {@code node}'s JVM; returns when the kernel reports it stopped. */
  public void pause(int node) {
    Signals.stop(running(node).pid());
  }

  /** SIGCONT to node {@code node}'s JVM; returns when the kernel no longer reports it stopped. */
  public void resume(int node) {
    Signals.resume(running(node).pid());
  }

  /**
   * Starts node {@code node} again (after {@link #kill}; a node still running is killed first) on the same ports
   * and log dirs, and returns when it serves again: its own listener answers and lists it among the live brokers.
   */
  public void restart(int node) {
    KafkaNode n = node(node);
    n.kill();
    n.start();
    LIVE.add(this);
    try {
      awaitServing(List.of(n), List.of(n), 1, n.nodeId());
    } catch (RuntimeException e) {
      n.kill();
      throw e;
    }
  }

  /** Kills every node (SIGKILL by PID) and waits for their exit. Does nothing on the {@link #shared} cluster. */
  @Override
  public void close() {
    if (isShared) {
      return;
    }
    killAll();
  }

  @Override
  public String toString() {
    return "KafkaTestCluster[" + bootstrapServers() + "]";
  }

  private static KafkaTestCluster startOnce(int size, Path dir, boolean isShared) {
    String classpath = ChildClasspath.resolve();
    int[] ports = freeLoopbackPorts(2 * size);
    List<KafkaNode> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      Path nodeDir = dir.resolve("node-" + (i + 1));
      recreate(nodeDir);
      nodes.add(new KafkaNode(i + 1, ports[2 * i], ports[2 * i + 1], nodeDir, classpath));
    }
    String voters = nodes.stream().map(KafkaNode::voter).collect(Collectors.joining(","));
    nodes.forEach(n -> n.configure(voters, size));
    KafkaTestCluster cluster = new KafkaTestCluster(nodes, isShared);
    LIVE.add(cluster);
    try {
      format(nodes, Uuid.randomUuid().toString());
      nodes.forEach(KafkaNode::start);
      cluster.awaitServing(nodes, nodes, size, -1);
      return cluster;
    } catch (RuntimeException e) {
      cluster.killAll();
      throw e;
    }
  }

  /** Formats every node's storage with the same cluster id, in parallel (one short child JVM each). */
  private static void format(List<KafkaNode> nodes, String clusterId) {
    List<Process> formats = nodes.stream().map(n -> n.startFormat(clusterId)).collect(Collectors.toList());
    long deadline = System.nanoTime() + FORMAT_TIMEOUT.toNanos();
    try {
      for (int i = 0; i < nodes.size(); i++) {
        Process p = formats.get(i);
        long left = Math.max(0, deadline - System.nanoTime());
        if (!p.waitFor(left, TimeUnit.NANOSECONDS) || p.exitValue() != 0) {
          formats.forEach(Process::destroyForcibly);
          throw new IllegalStateException("formatting node " + nodes.get(i).nodeId() + " failed\n"
              + nodes.get(i).logTail());
        }
      }
    } catch (InterruptedException e) {
      formats.forEach(Process::destroyForcibly);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while formatting", e);
    }
  }

  /**
   * Waits until each of {@code listening} accepts TCP connections, then until an Admin client bootstrapped on
   * {@code asked} sees {@code brokers} live brokers (including {@code mustInclude} when ≥ 0). Fails fast, with the
   * log's tail, when a node's JVM dies meanwhile.
   */
  private void awaitServing(List<KafkaNode> listening, List<KafkaNode> asked, int brokers, int mustInclude) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    for (KafkaNode n : listening) {
      while (!accepts(n.brokerPort())) {
        checkAliveAndTime(listening, deadline);
        Waits.backOff(100);
      }
    }
    Properties config = new Properties();
    config.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        asked.stream().map(n -> "127.0.0.1:" + n.brokerPort()).collect(Collectors.joining(",")));
    config.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    config.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    try (Admin admin = Admin.create(config)) {
      while (true) {
        checkAliveAndTime(listening, deadline);
        try {
          List<Integer> ids = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
              .map(Node::id).collect(Collectors.toList());
          if (ids.size() >= brokers && (mustInclude < 0 || ids.contains(mustInclude))) {
            return;
          }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
          // not serving yet: ask again
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
        Waits.backOff(100);
      }
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(loopback(), port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void checkAliveAndTime(List<KafkaNode> watched, long deadline) {
    for (KafkaNode n : watched) {
      if (n.reportedPortTaken()) {
        n.kill();
        throw new PortTakenException("Kafka node " + n.nodeId() + " could not bind its ports\n" + n.logTail());
      }
      if (!n.alive()) {
        throw new IllegalStateException("Kafka node " + n.nodeId() + " exited while starting\n" + n.logTail());
      }
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException("Kafka did not serve within " + START_TIMEOUT.toSeconds() + " s\n"
          + watched.stream().map(KafkaNode::logTail).collect(Collectors.joining("\n")));
    }
  }

  private KafkaNode node(int node) {
    if (node < 0 || node >= nodes.size()) {
      throw new IllegalArgumentException("no node " + node + " in a cluster of " + nodes.size() + " (0-based)");
    }
    return nodes.get(node);
  }

  private KafkaNode running(int node) {
    KafkaNode n = node(node);
    if (!n.alive()) {
      throw new IllegalStateException("node " + node + " is not running");
    }
    return n;
  }

  private void killAll() {
    RuntimeException first = null;
    for (KafkaNode n : nodes) {
      try {
        n.kill();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    LIVE.remove(this);
    if (first != null) {
      throw first;
    }
  }

  /** Every port bound at once before any is released, so no two of them are the same. */
  private static int[] freeLoopbackPorts(int count) {
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 50, loopback());
        held.add(socket);
      }
      return held.stream().mapToInt(ServerSocket::getLocalPort).toArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pick free loopback ports", e);
    } finally {
      for (ServerSocket socket : held) {
        try {
          socket.close();
        } catch (IOException e) {
          // a port we could not release is simply not reused
        }
      }
    }
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void recreate(Path dir) {
    deleteTree(dir);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }

  private static void killAllAtExit() {
    for (KafkaTestCluster cluster : LIVE) {
      for (KafkaNode n : cluster.nodes) {
        try {
          n.kill();
        } catch (RuntimeException e) {
          System.err.println("kafka-test-broker: " + e.getMessage());
        }
      }
    }
    for (Path dir : SHARED_DIRS) {
      try {
        deleteTree(dir);
      } catch (RuntimeException e) {
        System.err.println("kafka-test-broker: " + e.getMessage());
      }
    }
  }

  /** A node could not bind a port picked for it: the whole start is tried again with new ports. */
  private static final class PortTakenException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTakenException(String message) {
      super(message);
    }
  }
}
