package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventQuery;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 item 7: the WAL is checkpointed on a thread of its own, never inside the writer's commits, and still
 * is: the database file takes the events in, and the WAL does not grow with the log.
 */
class WalCheckpointTest {
  private static final int BATCHES = 64;
  private static final int EVENTS = 500;
  private static final String FILLER = "x".repeat(2000);

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldNotCheckpointOnTheWritersConnection() {
    SqliteEventLog log = (SqliteEventLog) TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    long pages = TestHub.await(log.onWriter(c -> Schema.scalar(c, "PRAGMA wal_autocheckpoint")));
    assertThat(pages).isZero();
    TestHub.await(log.close());
  }

  @Test
  void shouldNotHoldTheWriterWhileAReaderKeepsAnOldSnapshot() throws Exception {
    SqliteEventLog log = (SqliteEventLog) TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    TestHub.await(log.append(List.of(EventDraft.of("wal", "filled", "k", new JsonObject()))));
    // A reader whose snapshot predates everything below: no checkpoint can finish while it reads, and a RESTART
    // checkpoint holds the writer's lock while it waits for it, for as long as the busy timeout it runs under.
    try (Connection reader = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE))) {
      reader.setAutoCommit(false);
      try (Statement st = reader.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM events")) {
        assertThat(rs.next()).isTrue();
        long before = log.checkpoints();
        for (int b = 0; b < BATCHES && log.checkpoints() < before + 6; b++) {
          // Each group must commit while the reader still reads: a writer held for the store's 10 s busy timeout
          // at each RESTART misses this bound.
          log.append(batch(b)).await(5, TimeUnit.SECONDS);
        }
        assertThat(log.checkpoints()).as("checkpoints tried while the reader held its snapshot").isGreaterThan(before + 1);
      }
      reader.rollback();
    }
    TestHub.await(log.close());
  }

  private static List<EventDraft> batch(int b) {
    List<EventDraft> batch = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      batch.add(EventDraft.of("wal", "filled", "k-" + i, new JsonObject().put("b", b).put("f", FILLER)));
    }
    return batch;
  }

  @Test
  void shouldKeepTheWalBoundedAndMoveEventsIntoTheDatabase() throws Exception {
    SqliteEventLog log = (SqliteEventLog) TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    // About 64 MiB of payload, 16 times SQLite's default checkpoint threshold, in groups of 1 MiB.
    for (int b = 0; b < BATCHES; b++) {
      TestHub.await(log.append(batch(b)));
    }
    long payload = (long) BATCHES * EVENTS * FILLER.length();
    long wal = Files.size(dir.resolve(Schema.FILE + "-wal"));
    long database = Files.size(dir.resolve(Schema.FILE));
    // Without checkpoints the WAL would hold all of it (pages and indexes: about twice the payload), and the
    // database file none; with passive checkpoints alone it reached 1.5 times the payload. The file's size is its
    // high-water mark (a RESTART starts it over without shrinking it): 0.6-0.75 times the payload here.
    assertThat(wal).as("WAL bytes after %d bytes of payload (%d checkpoints, database %d bytes)", payload,
        log.checkpoints(), database).isLessThan(payload);
    assertThat(database).as("database bytes after %d bytes of payload", payload).isGreaterThan(payload / 4);
    assertThat(log.checkpoints()).isPositive();
    assertThat(TestHub.await(log.read(new EventQuery(EventFilter.all(), null, 1))).events()).hasSize(1);
    TestHub.await(log.close());
  }
}
