package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.kafka.testing.KafkaTestCluster;
import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Hubs of one cluster in this JVM, each with its own Vert.x and data directory, on a topic of their own. */
final class KafkaNodes implements AutoCloseable {
  // Kept: JUL holds loggers weakly, and a collected one forgets its level.
  private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

  static {
    KAFKA.setLevel(Level.WARNING);
  }

  final KafkaTestCluster broker = KafkaTestCluster.shared();
  final String topic = "hub-test-" + UUID.randomUUID();
  private final Path dir;
  private final List<TestHub> started = new ArrayList<>();

  KafkaNodes(Path dir) {
    this.dir = dir;
  }

  HubConfig config(String node) {
    return TestHub.config(dir.resolve(node)).with("cluster.kafka.bootstrapServers", broker.bootstrapServers())
        .with("cluster.kafka.topic", topic).with("cluster.nodeId", node).with("cluster.publishTimeout", "30s");
  }

  TestHub start(String node) {
    return start(config(node));
  }

  TestHub start(HubConfig config) {
    TestHub hub = TestHub.start(config);
    started.add(hub);
    return hub;
  }

  static KafkaLog log(TestHub hub) {
    return (KafkaLog) hub.hub().log();
  }

  static Hub hub(TestHub hub) {
    return hub.hub();
  }

  void stop(TestHub hub) {
    if (started.remove(hub)) {
      hub.close();
    }
  }

  @Override
  public void close() {
    for (TestHub hub : List.copyOf(started)) {
      try {
        stop(hub);
      } catch (RuntimeException | AssertionError e) {
        // The test's own failure matters more.
      }
    }
  }
}
