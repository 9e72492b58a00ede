package dev.eventhub.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SingleNodeTest {

  @TempDir
  Path dir;

  @Test
  void oneNodeTakesARecordWithAcksAllKeepsItAcrossARestartAndExplainsAFailedStart() throws Exception {
    try (KafkaTestCluster kafka = KafkaTestCluster.start(1, dir)) {
      assertThat(kafka.size()).isEqualTo(1);
      assertThat(kafka.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
      assertThat(alive(kafka.pid(0))).isTrue();
      Records.createTopic(kafka, "single", 1, Map.of());
      try (KafkaProducer<String, String> producer = Records.producer(kafka)) {
        assertThat(Records.send(producer, "single", "hello").offset()).isZero();
      }
      assertThat(Records.readAll(kafka, "single", 1)).containsExactly("hello");

      kafka.kill(0);
      long killed = kafka.pid(0);
      assertThat(alive(killed)).isFalse();
      int port = Integer.parseInt(kafka.bootstrapServers().split(":")[1]);
      try (ServerSocket squatter = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
        assertThatThrownBy(() -> kafka.restart(0))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("node.log")
            .hasMessageContaining("Address already in use");
        assertThat(alive(kafka.pid(0))).as("a failed restart leaves nothing running").isFalse();
      }

      kafka.restart(0);
      assertThat(kafka.pid(0)).isNotEqualTo(killed);
      assertThat(Records.readAll(kafka, "single", 1)).as("same log dirs").containsExactly("hello");
      long pid = kafka.pid(0);
      kafka.close();
      assertThat(alive(pid)).isFalse();
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
