package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 item 4 (K4): a backlog to prune does not hold the writer. Pruning a million events on the writer thread cut
 * single-event ingest from 30,000 to 3,800-8,400 events/s: it now goes in slices while nothing is queued, and an append
 * queued meanwhile is committed before the backlog is pruned (its group prunes its own share: section O).
 */
class PruneSliceTest {
  static final int KEEP = 10;
  // Several slices' worth, and less than the 5,000 one step removed before: then the whole backlog went at once.
  static final int BACKLOG = 2_000;

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldCommitAnAppendQueuedDuringABacklogBeforeThePruningEnds() {
    // Recorded without retention, so that the backlog is there when the log opens with it: a group that goes past the
    // limit prunes its excess itself.
    EventLog unlimited = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<Appended> first = TestHub.await(unlimited.append(drafts("a", "e", KEEP + BACKLOG)));
    TestHub.await(unlimited.close());
    AtomicReference<EventLog> opened = new AtomicReference<>();
    // What retention had removed when the late append's events were recorded (on the writer thread).
    AtomicLong prunedWhenRecorded = new AtomicLong(-1);
    EventLog log = TestHub.await(EventLog.open(vertx,
        LogOptions.defaults(dir).withRetention(Duration.ZERO, KEEP, Duration.ofHours(1)), events -> {
          if (events.stream().anyMatch(e -> e.event().equals("late"))) {
            prunedWhenRecorded.set(opened.get().stats().pruned());
          }
        }));
    opened.set(log);
    assertThat(Retention.MIN_SLICE + Retention.CATCH_UP).isLessThan(BACKLOG);

    // On the writer thread, inside a group: retention becomes due and an append is queued behind it. Once the group
    // commits, the writer holds a backlog of BACKLOG events to prune and one append waiting.
    AtomicReference<Future<Long>> pruned = new AtomicReference<>();
    AtomicReference<Future<List<Appended>>> late = new AtomicReference<>();
    TestHub.await(((SqliteEventLog) log).onWriter(c -> {
      pruned.set(log.prune());
      late.set(log.append(drafts("a", "late", 1)));
      return null;
    }));
    TestHub.await(late.get());
    // Its group pruned its share (itself and the catch-up), no slice came before it.
    assertThat(prunedWhenRecorded.get()).isBetween(0L, 1L + Retention.CATCH_UP);

    // Pruning still completes: the backlog and the one the late append added.
    TestHub.await(pruned.get());
    TestHub.await(log.prune());
    assertThat(log.stats().pruned()).isEqualTo(BACKLOG + 1);
    assertThat(log.stats().perCategory()).containsEntry("a", (long) KEEP);
    List<HubEvent> left = readAll(log, first.get(0).event().cursor());
    assertThat(left).hasSize(KEEP);
    assertThat(left.get(KEEP - 1).event()).isEqualTo("late");
    // A reader from the first cursor is told it missed events, as before.
    EventPage page = TestHub.await(log.read(new EventQuery(EventFilter.categories("a"), first.get(0).event().cursor(),
        100)));
    assertThat(page.complete()).isFalse();
    TestHub.await(log.close());

    // The pruning mark is the last pruned event's sequence number: the (BACKLOG + 1)-th of the category.
    long lastPrunedSeq = seqOf(first.get(BACKLOG).event().cursor());
    assertThat(prunedMark("a")).isEqualTo(lastPrunedSeq);
  }

  private static long seqOf(String cursor) {
    return Long.parseUnsignedLong(cursor, 16) & Cursors.MAX_SEQ;
  }

  private long prunedMark(String category) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT through FROM pruned WHERE category = '" + category + "'")) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<HubEvent> readAll(EventLog log, String since) {
    List<HubEvent> out = new ArrayList<>();
    while (true) {
      EventPage page = TestHub.await(log.read(new EventQuery(EventFilter.categories("a"), since, 1000)));
      out.addAll(page.events());
      since = page.next();
      if (!page.more()) {
        return out;
      }
    }
  }

  private static List<EventDraft> drafts(String category, String event, int n) {
    List<EventDraft> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(EventDraft.of(category, event, "k", new JsonObject().put("i", i)));
    }
    return out;
  }
}
