package dev.eventhub.faults;

import dev.eventhub.kafka.testing.KafkaTestCluster;
import java.nio.file.Path;

/** Three KRaft brokers of the {@code kafka-test-broker} module, in child JVMs, driven by PID. */
final class KafkaBrokers implements Brokers {
  private final KafkaTestCluster kafka;

  private KafkaBrokers(KafkaTestCluster kafka) {
    this.kafka = kafka;
  }

  static Brokers start(Path dir) {
    return new KafkaBrokers(KafkaTestCluster.start(3, dir));
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public int size() {
    return kafka.size();
  }

  @Override
  public void kill(int node) {
    kafka.kill(node);
  }

  @Override
  public void restart(int node) {
    kafka.restart(node);
  }

  @Override
  public void close() {
    kafka.close();
  }
}
