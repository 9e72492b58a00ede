package dev.eventhub.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.log.impl.SqliteReplica;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster node's store applying the log topic, without a broker: what every node must decide the same
 * way from the same records (dedup, document commands), and what survives a restart.
 */
class ReplicaApplyTest {
  static final String TOPIC = "6dG3uS0nQm2bWm1oV8o9Zg";
  static final long INCARNATION = 0x0123456789abcdefL;
  static final long DAY = Duration.ofDays(1).toMillis();

  @TempDir Path dir;
  Vertx vertx;
  ReplicaLog log;
  final List<HubEvent> delivered = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    vertx = Vertx.vertx();
    log = open(dir, TOPIC);
  }

  ReplicaLog open(Path at, String topicId) {
    return TestHub.await(SqliteReplica.open(vertx, LogOptions.defaults(at), delivered::addAll, topicId, INCARNATION,
        Duration.ofDays(7)));
  }

  @AfterEach
  void close() {
    TestHub.await(log.close());
    TestHub.await(vertx.close());
  }

  static LogEntry.Event event(long offset, long ts, String id) {
    return new LogEntry.Event(offset, ts, "n1:" + offset, id, "orders", "created", null, "{\"n\":" + offset + "}");
  }

  static LogEntry.Document doc(long offset, String op, String key, long expected, String value) {
    return new LogEntry.Document(offset, 1000 + offset, "n1:" + offset,
        new DocumentCommand(op, "plugin", "things", key, List.of(), expected, value));
  }

  List<EntryResult> apply(long last, LogEntry... entries) {
    return TestHub.await(log.apply(List.of(entries), last));
  }

  @Test
  void shouldRecordEventsAtOffsetPlusOneWithThirtyTwoHexCursorsAndBrokerTimestamps() {
    apply(4, event(0, 1000, "a"), event(3, 1001, "b"));
    EventPage page = TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 10)));
    assertThat(page.events()).extracting(HubEvent::cursor)
        .containsExactly("0123456789abcdef0000000000000001", "0123456789abcdef0000000000000004");
    assertThat(page.events().get(1).timestamp().toEpochMilli()).isEqualTo(1001);
    assertThat(log.appliedOffset()).isEqualTo(4);
    assertThat(TestHub.await(log.head())).isEqualTo("0123456789abcdef0000000000000005");
    assertThat(delivered).extracting(HubEvent::id).containsExactly("a", "b");
    assertThat(log.seqOf("0123456789abcdef0000000000000004")).isEqualTo(4);
    assertThat(log.seqOf("fedcba98765432100000000000000004")).as("another incarnation's cursor").isEqualTo(-1);
    assertThat(log.seqOf("0000000000000004")).as("a single node's cursor").isEqualTo(-1);
  }

  @Test
  void shouldTakeTheFirstRecordOfAnIdWithinTheWindowAndANewOneAfterIt() {
    List<EntryResult> first = apply(1, event(0, 1000, "dup"), event(1, 1000 + DAY, "dup"));
    Appended original = (Appended) first.get(0).value();
    Appended again = (Appended) first.get(1).value();
    assertThat(original.created()).isTrue();
    assertThat(again.created()).isFalse();
    assertThat(again.event().cursor()).isEqualTo(original.event().cursor());

    List<EntryResult> late = apply(2, event(2, 1000 + 8 * DAY, "dup"));
    assertThat(((Appended) late.get(0).value()).created()).as("beyond the 7-day window: a new event").isTrue();
    assertThat(TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 10))).events()).hasSize(2);
    assertThat(delivered).hasSize(2);
  }

  @Test
  void shouldResolveDocumentCommandsAtApplySoThatAStaleReplaceNeverOverwrites() {
    List<EntryResult> results = apply(5,
        doc(0, "insert", "k", 0, "{\"v\":1}"),
        doc(1, "insert", "k", 0, "{\"v\":\"again\"}"),
        doc(2, "replace", "k", 1, "{\"v\":2}"),
        doc(3, "replace", "k", 1, "{\"v\":\"stale\"}"),
        doc(4, "put", "k", 0, "{\"v\":3}"),
        doc(5, "replace", "missing", 1, "{\"v\":0}"));
    assertThat(((StoredDocument) results.get(0).value()).version()).isEqualTo(1);
    assertThat(((HubException) results.get(1).value()).code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(((StoredDocument) results.get(2).value()).version()).isEqualTo(2);
    assertThat(((HubException) results.get(3).value()).code()).isEqualTo(ErrorCode.CONFLICT);
    assertThat(((StoredDocument) results.get(4).value()).version()).isEqualTo(3);
    assertThat(((HubException) results.get(5).value()).code()).isEqualTo(ErrorCode.NOT_FOUND);
    StoredDocument stored = TestHub.await(log.storage("plugin").get("things", "k"));
    assertThat(stored.value().getInteger("v")).isEqualTo(3);
    assertThat(stored.updatedAt().toEpochMilli()).as("the record's timestamp").isEqualTo(1004);

    List<EntryResult> deleted = apply(7, doc(6, "delete", "k", 0, null), doc(7, "delete", "k", 0, null));
    assertThat(deleted).extracting(EntryResult::value).containsExactly(1, 0);
  }

  @Test
  void shouldKeepTheAppliedOffsetAndNotApplyARecordTwiceAfterARestart() {
    apply(2, event(0, 1000, "a"), new LogEntry.Leader(1, 1001, null, "{\"node\":\"n1\",\"generation\":1}"),
        event(2, 1002, "b"));
    TestHub.await(log.close());
    log = open(dir, TOPIC);
    assertThat(log.appliedOffset()).isEqualTo(2);
    assertThat(log.lastLeader()).contains("\"n1\"");
    List<EntryResult> again = apply(3, event(2, 1002, "b"), event(3, 1003, "c"));
    assertThat(again).as("offset 2 was applied before").hasSize(1);
    List<String> ids = new ArrayList<>();
    TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 10))).events().forEach(e -> ids.add(e.id()));
    assertThat(ids).containsExactly("a", "b", "c");
  }

  @Test
  void shouldEmptyAStoreThatHoldsACopyOfAnotherTopic() {
    apply(0, event(0, 1000, "a"));
    TestHub.await(log.storage("plugin").get("things", "k"));
    apply(1, doc(1, "put", "k", 0, "{}"));
    TestHub.await(log.close());
    log = open(dir, "AnotherTopicId00000000");
    assertThat(log.appliedOffset()).isEqualTo(-1);
    assertThat(log.topicId()).isEqualTo("AnotherTopicId00000000");
    assertThat(TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 10))).events()).isEmpty();
    assertThat(TestHub.await(log.storage("plugin").get("things", "k"))).isNull();
  }

  @Test
  void shouldRefuseANewCategoryBeyondTheLimitBeforeProducing() {
    TestHub.await(log.close());
    log = TestHub.await(SqliteReplica.open(vertx, LogOptions.defaults(dir).withLimits(
        LogOptions.Limits.defaults().withMaxCategories(1)), delivered::addAll, TOPIC, INCARNATION, Duration.ofDays(7)));
    apply(0, event(0, 1000, "a"));
    log.admitCategories(List.of("orders"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.admitCategories(List.of("payments")))
        .isInstanceOf(HubException.class).hasMessageContaining("log.maxCategories");
  }
}
