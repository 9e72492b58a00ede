package dev.eventhub.runtime.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.kafka.testing.KafkaTestCluster;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The election and its fencing on a real broker: two {@link Leadership}s of one topic, each told of the
 * leader records in the topic as a node's log would tell it (a read_committed reader here). A stalled
 * poll thread stands in for a paused process: the group drops it after the session, as it drops a
 * SIGSTOPped node.
 */
class LeadershipTest {
  // Kept: JUL holds loggers weakly, and a collected one forgets its level.
  private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");
  private static final Duration SHORT_SESSION = Duration.ofSeconds(6);

  static {
    KAFKA.setLevel(Level.WARNING);
  }

  private final KafkaTestCluster broker = KafkaTestCluster.shared();
  private final String topic = "leader-test-" + UUID.randomUUID();
  private final List<Leadership> started = new ArrayList<>();
  private Vertx vertx;
  private LeaderRecordReader reader;

  @BeforeEach
  void createTopic() throws Exception {
    vertx = Vertx.vertx();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(60, TimeUnit.SECONDS);
    }
    reader = new LeaderRecordReader();
  }

  @AfterEach
  void stopAll() {
    for (Leadership l : started) {
      l.resumePolling();
      TestHub.await(l.stop());
    }
    reader.close();
    TestHub.await(vertx.close());
  }

  private Leadership start(String node, Duration session) {
    LeadershipSettings settings = new LeadershipSettings(topic, Map.of("bootstrap.servers", broker.bootstrapServers()),
        node, "http://" + node + ".test:8080", session, true);
    Leadership leadership = new Leadership(vertx, settings);
    started.add(leadership);
    TestHub.await(leadership.start());
    return leadership;
  }

  private static void await(BooleanSupplier condition, String what) {
    Eventually.until(condition, what);
  }

  // Once both are members of the group (no rebalance pending), the one that leads.
  private static Leadership leaderOf(Leadership a, Leadership b) {
    await(() -> a.joined() && b.joined() && (a.isLeader() != b.isLeader()), "a leader with both in the group");
    return a.isLeader() ? a : b;
  }

  private static boolean lastIs(List<Boolean> changes, boolean value) {
    return !changes.isEmpty() && changes.get(changes.size() - 1) == value;
  }

  private static ProducerRecord<String, byte[]> marker(String topic, String text) {
    return new ProducerRecord<>(topic, "marker", text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void shouldElectExactlyOneLeaderThatWritesItsLeaderRecordAndIsNamedToTheOther() {
    Leadership a = start("a", SHORT_SESSION);
    Leadership b = start("b", SHORT_SESSION);

    Leadership leader = leaderOf(a, b);
    Leadership other = leader == a ? b : a;
    await(() -> other.leaderHttpBase() != null, "the follower to learn the leader's address");

    assertThat(other.isLeader()).isFalse();
    assertThat(other.leaderHttpBase()).isEqualTo("http://" + leader.nodeId() + ".test:8080");
    assertThat(leader.leaderHttpBase()).as("the leader forwards to nobody").isNull();
    assertThat(reader.records()).extracting(LeaderRecord::node).containsExactly(leader.nodeId());
    assertThat(leader.sender().activeTerm()).isPositive();
    assertThat(other.sender().activeTerm()).isZero();
    TestHub.await(leader.sender().send(List.of(marker(topic, "from the leader"))));
    assertThat(reader.markersUpTo("from the leader")).containsExactly("from the leader");
    HubException refused = failure(other.sender().send(List.of(marker(topic, "from the follower"))));
    assertThat(refused.code()).isEqualTo(ErrorCode.UNAVAILABLE);
  }

  @Test
  void shouldHandLeadershipOverWhenTheLeaderStopsWithoutWaitingForItsSession() {
    // A session far longer than the test waits: only leaving the group hands over in time.
    Duration session = Duration.ofSeconds(TestHub.TIMEOUT_SECONDS * 3);
    Leadership a = start("a", session);
    Leadership b = start("b", session);
    Leadership leader = leaderOf(a, b);
    Leadership other = leader == a ? b : a;
    List<Boolean> changes = new CopyOnWriteArrayList<>();
    leader.onLeadershipChange(changes::add);

    TestHub.await(leader.stop());

    assertThat(leader.isLeader()).isFalse();
    await(other::isLeader, "the other node to lead");
    await(() -> lastIs(changes, false), "the stopped leader's handlers to hear it lost leadership");
    List<LeaderRecord> records = reader.records();
    assertThat(records.get(records.size() - 1).node()).isEqualTo(other.nodeId());
  }

  @Test
  void shouldFenceALeaderThatStalledPastItsSessionBeforeItWritesAnything() {
    Leadership a = start("a", SHORT_SESSION);
    Leadership b = start("b", SHORT_SESSION);
    Leadership stalled = leaderOf(a, b);
    Leadership next = stalled == a ? b : a;
    List<Boolean> changes = new CopyOnWriteArrayList<>();
    stalled.onLeadershipChange(changes::add);
    // A change dispatched before the handler was added may still reach it: only what follows counts.
    await(() -> changes.isEmpty() || lastIs(changes, true), "the handlers to be told of the current leadership");

    stalled.stallPolling();
    await(next::isLeader, "the other node to lead");
    List<LeaderRecord> records = reader.records();
    LeaderRecord last = records.get(records.size() - 1);
    assertThat(last.node()).isEqualTo(next.nodeId());
    assertThat(records.subList(0, records.size() - 1)).extracting(LeaderRecord::node).containsOnly(stalled.nodeId());
    assertThat(records.subList(0, records.size() - 1)).allMatch(r -> r.generation() < last.generation());
    assertThat(stalled.isLeader()).as("stalled, it has not heard yet").isTrue();

    Future<Void> late = stalled.sender().send(List.of(marker(topic, "late write of the stalled leader")));
    HubException fenced = failure(late);
    assertThat(fenced.code()).isEqualTo(ErrorCode.UNAVAILABLE);
    assertThat(fenced.getMessage()).isEqualTo("this node is no longer the cluster leader");
    assertThat(stalled.isLeader()).as("leadership ends before the failed write is reported").isFalse();
    await(() -> lastIs(changes, false), "the stalled leader's handlers to hear it lost leadership");
    int lost = changes.size();

    TestHub.await(next.sender().send(List.of(marker(topic, "the new leader's write"))));
    assertThat(reader.markersUpTo("the new leader's write")).as("the fenced write never appears (read_committed)")
        .containsExactly("the new leader's write");

    // Resumed, it follows; and leads again, with a new producer, once the other one leaves.
    stalled.resumePolling();
    TestHub.await(next.stop());
    await(stalled::isLeader, "the resumed node to lead again");
    TestHub.await(stalled.sender().send(List.of(marker(topic, "its next term"))));
    assertThat(reader.markersUpTo("its next term")).containsExactly("the new leader's write", "its next term");
    await(() -> lastIs(changes, true), "the resumed node's handlers to hear it leads");
    assertThat(changes.subList(lost - 1, changes.size())).containsExactly(false, true);
  }

  private static HubException failure(Future<?> future) {
    try {
      TestHub.await(future);
    } catch (RuntimeException | AssertionError e) {
      Throwable cause = future.cause();
      assertThat(cause).as("the write failed as it must: " + e).isInstanceOf(HubException.class);
      return (HubException) cause;
    }
    throw new AssertionError("the write succeeded");
  }

  /**
   * Reads the log topic as a node's log does (read_committed, in order) and tells every leadership of
   * the leader records, as {@code KafkaLog.onLeaderRecord} would; keeps what it read for the test.
   */
  private final class LeaderRecordReader implements AutoCloseable {
    private final List<LeaderRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> markers = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition = new TopicPartition(topic, 0);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long position;

    LeaderRecordReader() {
      consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", broker.bootstrapServers(),
          "isolation.level", "read_committed", "enable.auto.commit", "false"), new StringDeserializer(),
          new ByteArrayDeserializer());
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      thread = new Thread(this::run, "leader-record-reader");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          if (LeaderRecord.isLeaderRecord(r.headers())) {
            LeaderRecord record = LeaderRecord.parse(r.value());
            records.add(record);
            List.copyOf(started).forEach(l -> vertx.runOnContext(v -> l.applied(record)));
          } else {
            markers.add(new String(r.value(), StandardCharsets.UTF_8));
          }
        }
        position = consumer.position(partition);
      }
      consumer.close();
    }

    // What was read up to the topic's last stable offset now: everything committed so far.
    private void catchUp() {
      long end;
      try (KafkaConsumer<String, byte[]> probe = new KafkaConsumer<>(Map.of("bootstrap.servers",
          broker.bootstrapServers(), "isolation.level", "read_committed"), new StringDeserializer(),
          new ByteArrayDeserializer())) {
        end = probe.endOffsets(List.of(partition)).get(partition);
      }
      await(() -> position >= end, "the reader to reach offset " + end);
    }

    List<LeaderRecord> records() {
      catchUp();
      return List.copyOf(records);
    }

    /**
     * The markers read once {@code last} is among them: a commit's markers land after commitTransaction
     * returns, and read in order, everything before {@code last} is decided (committed or aborted) then.
     */
    List<String> markersUpTo(String last) {
      await(() -> markers.contains(last), "the reader to read '" + last + "'");
      return List.copyOf(markers);
    }

    @Override
    public void close() {
      running = false;
      try {
        thread.join(TimeUnit.SECONDS.toMillis(TestHub.TIMEOUT_SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
