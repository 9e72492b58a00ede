package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogEntry;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.log.ReplicaLog;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: attributes in the SQLite store, single node and cluster replica, and a data dir of the old schema. */
class AttributesStoreTest {
  static final Map<String, String> ATTRIBUTES = Map.of("agent_id", "a-7", "task_id", "t-1");

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldRecordReplayAndFilterAttributes() {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<Appended> appended = TestHub.await(log.append(List.of(
        EventDraft.of("a", "e", null, null).withAttributes(ATTRIBUTES),
        EventDraft.of("a", "e", null, null).withAttribute("agent_id", "a-8"),
        EventDraft.of("a", "e", null, null))));
    assertThat(appended.get(0).event().attributes()).isEqualTo(ATTRIBUTES);
    // A repeated id answers the first record, attributes included.
    TestHub.await(log.close());

    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<HubEvent> all = read(log, EventFilter.all());
    assertThat(all).extracting(HubEvent::attributes).containsExactly(ATTRIBUTES, Map.of("agent_id", "a-8"), Map.of());
    assertThat(all.get(0).encode()).isEqualTo(appended.get(0).event().encode());
    assertThat(read(log, EventFilter.all().withAttributes(Map.of("agent_id", "a-*", "task_id", "t-1"))))
        .extracting(HubEvent::id).containsExactly(appended.get(0).event().id());
    assertThat(read(log, EventFilter.all().withAttributes(Map.of("agent_id", "a-*")))).hasSize(2);
    assertThat(read(log, EventFilter.all().withAttributes(Map.of("agent_id", "a-8")))).hasSize(1);
    assertThat(read(log, EventFilter.all().withAttributes(Map.of("agent_id", "a?8")))).isEmpty();
    TestHub.await(log.close());
  }

  @Test
  void shouldAnswerARepeatedIdWithTheFirstRecordsAttributes() {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    EventDraft first = new EventDraft("x-1", "a", "e", null, null, ATTRIBUTES);
    TestHub.await(log.append(List.of(first)));
    Appended again = TestHub.await(log.append(List.of(first.withAttributes(null)))).get(0);
    assertThat(again.created()).isFalse();
    assertThat(again.event().attributes()).isEqualTo(ATTRIBUTES);
    TestHub.await(log.close());
  }

  @Test
  void shouldMigrateADataDirMadeByTheOldSchema() throws Exception {
    // The events table as every store before issue 20 made it, with one event in it.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement st = c.createStatement()) {
      st.execute("CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT NOT NULL)");
      st.execute("CREATE TABLE events(seq INTEGER PRIMARY KEY, id TEXT NOT NULL, category TEXT NOT NULL,"
          + " event TEXT NOT NULL, key TEXT, ts INTEGER NOT NULL, data TEXT NOT NULL)");
      st.execute("INSERT INTO events VALUES(1, 'old-1', 'a', 'e', 'k', 1000, '{\"n\":1}')");
    }
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    TestHub.await(log.append(List.of(EventDraft.of("a", "e", null, null).withAttributes(ATTRIBUTES))));
    List<HubEvent> all = read(log, EventFilter.all());
    assertThat(all).extracting(HubEvent::id).first().isEqualTo("old-1");
    assertThat(all.get(0).attributes()).isEmpty();
    assertThat(all.get(0).encode()).doesNotContain("attributes");
    assertThat(all.get(1).attributes()).isEqualTo(ATTRIBUTES);
    assertThat(read(log, EventFilter.all().withAttributes(Map.of("agent_id", "*")))).hasSize(1);
    TestHub.await(log.close());
    // Opening again (the column is there now) changes nothing.
    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    assertThat(read(log, EventFilter.all())).hasSize(2);
    TestHub.await(log.close());
  }

  @Test
  void shouldApplyAClustersEventsWithTheirAttributes() {
    ReplicaLog replica = TestHub.await(SqliteReplica.open(vertx, LogOptions.defaults(dir), events -> {},
        "6dG3uS0nQm2bWm1oV8o9Zg", 0x0123456789abcdefL, Duration.ofDays(7)));
    TestHub.await(replica.apply(List.of(
        new LogEntry.Event(0, 1000, "n1:0", "a", "orders", "created", null, "{}", ATTRIBUTES),
        new LogEntry.Event(1, 1001, "n1:1", "b", "orders", "created", null, "{}")), 1));
    List<HubEvent> all = read(replica, EventFilter.all());
    assertThat(all).extracting(HubEvent::attributes).containsExactly(ATTRIBUTES, Map.of());
    assertThat(read(replica, EventFilter.all().withAttributes(Map.of("task_id", "t-*")))).extracting(HubEvent::id)
        .containsExactly("a");
    TestHub.await(replica.close());
  }

  private static List<HubEvent> read(dev.eventhub.api.EventHistory log, EventFilter filter) {
    return TestHub.await(log.read(new EventQuery(filter, null, 100))).events();
  }
}
