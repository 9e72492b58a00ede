package dev.eventhub.kafka.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** One combined broker+controller KRaft node: its ports, its directory and its child JVM. */
final class KafkaNode {

  private static final long EXIT_WAIT_SECONDS = 30;
  private static final int TAIL_LINES = 60;

  private final int nodeId;
  private final int brokerPort;
  private final int controllerPort;
  private final Path dir;
  private final String classpath;
  private volatile Process process;
  private volatile long logStart;

  KafkaNode(int nodeId, int brokerPort, int controllerPort, Path dir, String classpath) {
    this.nodeId = nodeId;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
    this.dir = dir;
    this.classpath = classpath;
  }

  int nodeId() {
    return nodeId;
  }

  int brokerPort() {
    return brokerPort;
  }

  int controllerPort() {
    return controllerPort;
  }

  String voter() {
    return nodeId + "@127.0.0.1:" + controllerPort;
  }

  /** Writes server.properties and the child's logging configuration. */
  void configure(String voters, int clusterSize) {
    int replicas = Math.min(3, clusterSize);
    int minIsr = Math.min(2, clusterSize);
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(nodeId));
    p.setProperty("controller.quorum.voters", voters);
    p.setProperty("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("num.partitions", "1");
    // Internal topics sized for a test: few partitions (50 by default, slow to create on a busy machine).
    p.setProperty("offsets.topic.replication.factor", Integer.toString(replicas));
    p.setProperty("offsets.topic.num.partitions", Integer.toString(replicas));
    p.setProperty("transaction.state.log.replication.factor", Integer.toString(replicas));
    p.setProperty("transaction.state.log.min.isr", Integer.toString(minIsr));
    p.setProperty("transaction.state.log.num.partitions", Integer.toString(replicas));
    p.setProperty("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
    p.setProperty("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // A killed broker is fenced (its partitions' leadership moves) within seconds rather than 9 s.
    p.setProperty("broker.session.timeout.ms", "6000");
    p.setProperty("broker.heartbeat.interval.ms", "1000");
    write(dir.resolve("server.properties"), p, "kafka-test-broker node " + nodeId);
    Properties logging = new Properties();
    logging.setProperty("handlers", "java.util.logging.ConsoleHandler");
    logging.setProperty(".level", "WARNING");
    logging.setProperty("java.util.logging.ConsoleHandler.level", "ALL");
    logging.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
    write(dir.resolve("logging.properties"), logging, "the broker's SLF4J goes to JUL: warnings and up");
  }

  /** Formats the node's log directory (a child JVM running StorageTool); returns that child, still running. */
  Process startFormat(String clusterId) {
    // A short-lived JVM: C1 only and the serial collector start faster; the broker itself keeps the defaults.
    return launch(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m"),
        "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config().toString(), "--ignore-formatted");
  }

  void start() {
    if (alive()) {
      throw new IllegalStateException("node " + nodeId + " is already running (pid " + process.pid() + ")");
    }
    logStart = logSize();
    process = launch(List.of("-Xms64m", "-Xmx384m"), "kafka.Kafka", config().toString());
  }

  boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  long pid() {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("node " + nodeId + " was never started");
    }
    return p.pid();
  }

  /** SIGKILL (a stopped process dies too), then waits for the exit. */
  void kill() {
    Process p = process;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(EXIT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("node " + nodeId + " (pid " + p.pid() + ") did not exit after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing node " + nodeId, e);
    }
  }

  Path log() {
    return dir.resolve("node.log");
  }

  /** The last lines of the child's output, to explain a failure. */
  String logTail() {
    try {
      if (!Files.exists(log())) {
        return "(no log at " + log() + ")";
      }
      List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
      List<String> tail = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
      return "--- last lines of " + log() + " ---\n" + String.join("\n", tail);
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log() + ": " + e + ")";
    }
  }

  /** Whether the current run of the node reported that it could not bind a port (it may take long to exit). */
  boolean reportedPortTaken() {
    try (var channel = java.nio.channels.FileChannel.open(log())) {
      long size = channel.size();
      if (size <= logStart) {
        return false;
      }
      java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size - logStart, 1 << 20));
      channel.read(buffer, logStart);
      return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8)
          .contains("Address already in use");
    } catch (IOException e) {
      return false;
    }
  }

  private long logSize() {
    try {
      return Files.exists(log()) ? Files.size(log()) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + log(), e);
    }
  }

  private Path config() {
    return dir.resolve("server.properties");
  }

  private Process launch(List<String> jvmOptions, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(jvmOptions);
    command.add("-Djava.awt.headless=true");
    command.add("-Djava.util.logging.config.file=" + dir.resolve("logging.properties"));
    // log4j-api is on the classpath (a Kafka dependency) without its core: its simple logger, warnings only.
    command.add("-Dlog4j2.loggerContextFactory=org.apache.logging.log4j.simple.SimpleLoggerContextFactory");
    command.add("-Dorg.apache.logging.log4j.simplelog.level=WARN");
    command.add("-cp");
    command.add(classpath);
    command.add(NodeMain.class.getName());
    command.add(mainClass);
    command.addAll(List.of(args));
    try {
      // stdin stays a pipe from this JVM: NodeMain halts when it closes.
      return new ProcessBuilder(command)
          .directory(dir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(log().toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass + " for node " + nodeId, e);
    }
  }

  private static String javaExecutable() {
    Path fromHome = Path.of(System.getProperty("java.home"), "bin", "java");
    if (Files.isExecutable(fromHome)) {
      return fromHome.toString();
    }
    return ProcessHandle.current().info().command()
        .orElseThrow(() -> new IllegalStateException("cannot find the java executable of this JVM"));
  }

  private static void write(Path file, Properties properties, String comment) {
    try (var out = Files.newOutputStream(file)) {
      properties.store(out, comment);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
