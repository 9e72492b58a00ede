package dev.eventhub.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleNodeTest {

  @TempDir
  Path dir;

  @Test
  void oneNodeTakesARecordWithAcksAllAndServesItBack() throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start(1, dir)) {
      assertThat(kafka.size()).isEqualTo(1);
      assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(ProcessHandle.of(kafka.pid(0))).hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());
      Records.createTopic(kafka, "single", 1, Map.of());
      try (KafkaProducer<String, String> producer = Records.producer(kafka)) {
        assertThat(Records.send(producer, "single", "hello").offset()).isZero();
      }
      assertThat(Records.readAll(kafka, "single", 1)).containsExactly("hello");
      long pid = kafka.pid(0);
      kafka.close();
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }
}
