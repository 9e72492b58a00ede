package dev.eventhub.kafka.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One three-node cluster for the class (starting one is the expensive part); each test leaves it whole. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeNodeTest {

  private KafkaTestCluster kafka;

  @BeforeAll
  void start(@TempDir Path dir) {
    kafka = KafkaTestCluster.start(3, dir);
  }

  @AfterAll
  void stop() {
    if (kafka != null) {
      List<Long> pids = List.of(kafka.pid(0), kafka.pid(1), kafka.pid(2));
      kafka.close();
      assertThat(pids).allSatisfy(pid ->
          assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
    }
  }

  @Test
  void threeNodesAnswerOnDistinctLoopbackPorts() {
    assertThat(kafka.size()).isEqualTo(3);
    List<String> servers = List.of(kafka.bootstrapServers().split(","));
    assertThat(servers).hasSize(3).doesNotHaveDuplicates()
        .allSatisfy(s -> assertThat(s).matches("127\\.0\\.0\\.1:\\d+"));
  }

  @Test
  void anAcknowledgedRecordSurvivesKillingTheLeaderAndTheNodeComesBack() throws Exception {
    Records.createTopic(kafka, "durable", 3, Map.of("min.insync.replicas", "2"));
    int leader;
    try (Admin admin = Records.admin(kafka)) {
      TopicDescription description =
          admin.describeTopics(List.of("durable")).allTopicNames().get(60, TimeUnit.SECONDS).get("durable");
      assertThat(description.partitions().get(0).replicas()).hasSize(3);
      leader = description.partitions().get(0).leader().id() - 1;
    }
    try (KafkaProducer<String, String> producer = Records.producer(kafka)) {
      Records.send(producer, "durable", "before");
      long killed = kafka.pid(leader);
      kafka.kill(leader);
      assertThat(ProcessHandle.of(killed).map(ProcessHandle::isAlive).orElse(false)).isFalse();
      Records.send(producer, "durable", "after");
    }
    assertThat(Records.readAll(kafka, "durable", 2)).containsExactly("before", "after");

    long before = kafka.pid(leader);
    kafka.restart(leader);
    assertThat(kafka.pid(leader)).isNotEqualTo(before);
    assertThat(ProcessHandle.of(kafka.pid(leader)).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    try (KafkaProducer<String, String> producer = Records.producer(kafka)) {
      Records.send(producer, "durable", "restarted");
    }
    assertThat(Records.readAll(kafka, "durable", 3)).containsExactly("before", "after", "restarted");
  }

  @Test
  void aPausedNodeIsStoppedUntilResumed() {
    long pid = kafka.pid(2);
    kafka.pause(2);
    try {
      assertThat(Signals.state(pid)).contains('T');
    } finally {
      kafka.resume(2);
    }
    assertThat(Signals.state(pid)).isPresent().get().isNotEqualTo('T');
  }
}
