package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Section O (issue 24 item 4): while appends come, retention prunes inside their groups' transactions, as many events
 * as a group takes past the limit, without a commit (and a sync) of its own; the pruning marks, the counts table and
 * its fingerprint commit with the deletion, and a group that rolls back keeps nothing of its pruning. The prune
 * interval is an hour here: no pruning of retention's own is due while a test runs.
 */
class PruneInGroupTest {
  static final int KEEP = 10;

  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldPruneInsideTheGroupsThatGoPastTheLimit() {
    EventLog log = open(dir, retaining());
    List<Appended> first = TestHub.await(log.append(drafts("a", KEEP)));
    TestHub.await(log.append(drafts("b", 3)));
    long commits = log.stats().commits();

    TestHub.await(log.append(drafts("a", 4)));
    // Pruned by the time the append is answered, in the group's own commit: no other.
    assertThat(log.stats().perCategory()).isEqualTo(Map.of("a", (long) KEEP, "b", 3L));
    assertThat(log.stats().pruned()).isEqualTo(4);
    assertThat(log.stats().commits()).isEqualTo(commits + 1);
    for (int i = 0; i < 5; i++) {
      TestHub.await(log.append(drafts("a", 1)));
      assertThat(log.stats().perCategory()).containsEntry("a", (long) KEEP);
    }
    assertThat(log.stats().pruned()).isEqualTo(9);

    // A reader from a pruned cursor is told it missed events; one of the other category is not.
    EventPage page = TestHub.await(log.read(query("a", first.get(0).event().cursor())));
    assertThat(page.complete()).isFalse();
    assertThat(page.events()).hasSize(KEEP);
    assertThat(TestHub.await(log.read(query("b", first.get(0).event().cursor()))).complete()).isTrue();
    TestHub.await(log.close());
    assertThat(scalar(dir, "SELECT through FROM pruned WHERE category = 'a'"))
        .isEqualTo(seqOf(first.get(8).event().cursor()));
  }

  @Test
  void shouldKeepNothingOfThePruningOfAGroupThatRolledBack() throws Exception {
    EventLog log = open(dir, retaining());
    List<Appended> first = TestHub.await(log.append(drafts("a", KEEP)));
    // The store refuses the group's pruning mark, after its deletion: the group fails and rolls back, its events and
    // its pruning with it.
    sql(dir, "CREATE TRIGGER refuse_mark BEFORE INSERT ON pruned BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");

    Future<List<Appended>> refused = log.append(drafts("a", 2));
    Throwable failure = TestHub.await(refused.transform(ar -> Future.<Throwable>succeededFuture(ar.cause())));
    assertThat(failure).isInstanceOf(HubException.class);
    assertThat(log.stats().perCategory()).isEqualTo(Map.of("a", (long) KEEP));
    assertThat(log.stats().pruned()).isZero();
    assertThat(scalar(dir, "SELECT count(*) FROM events")).isEqualTo(KEEP);
    assertThat(scalar(dir, "SELECT count(*) FROM pruned")).isZero();
    // The mark raised in memory before the commit is put back: a reader misses nothing.
    assertThat(TestHub.await(log.read(query("a", first.get(0).event().cursor()))).complete()).isTrue();

    sql(dir, "DROP TRIGGER refuse_mark");
    TestHub.await(log.append(drafts("a", 2)));
    assertThat(log.stats().perCategory()).isEqualTo(Map.of("a", (long) KEEP));
    assertThat(log.stats().pruned()).isEqualTo(2);
    TestHub.await(log.close());
    log = open(dir, retaining());
    assertThat(log.stats().perCategory()).isEqualTo(Map.of("a", (long) KEEP));
    TestHub.await(log.close());
  }

  @Test
  void shouldCommitTheCountsWithTheDeletionSoThatAStartAfterACrashNeedsNoRecount() throws Exception {
    EventLog log = open(dir, LogOptions.defaults(dir));
    List<Appended> first = TestHub.await(log.append(drafts("a", KEEP + 2)));
    // Closing writes the counts table: 12 events of a, through the newest.
    TestHub.await(log.close());
    log = open(dir, retaining());
    // Prunes 5 in the group, all of them counted by the table.
    TestHub.await(log.append(drafts("a", 3)));
    assertThat(log.stats().perCategory()).isEqualTo(Map.of("a", (long) KEEP));

    // The store as a crash now would leave it: nothing written at close.
    Path crashed = Files.createDirectories(dir.resolve("crashed"));
    sql(dir, "VACUUM INTO '" + crashed.resolve(Schema.FILE) + "'");
    TestHub.await(log.close());
    // Only a start that believes the table sees this row; one that counts the log anew does not.
    sql(crashed, "INSERT INTO counts(category, events) VALUES('kept', 1234)");

    log = open(crashed, LogOptions.defaults(crashed));
    assertThat(log.stats().perCategory()).isEqualTo(Map.of("a", (long) KEEP, "kept", 1234L));
    assertThat(TestHub.await(log.read(query("a", first.get(0).event().cursor()))).complete()).isFalse();
    TestHub.await(log.close());
  }

  private LogOptions retaining() {
    return LogOptions.defaults(dir).withRetention(Duration.ZERO, KEEP, Duration.ofHours(1));
  }

  private EventLog open(Path where, LogOptions options) {
    LogOptions at = new LogOptions(where, options.syncFull(), options.maxBatchEvents(), options.maxAge(),
        options.maxEventsPerCategory(), options.pruneInterval(), options.limits());
    return TestHub.await(EventLog.open(vertx, at, events -> {}));
  }

  private static EventQuery query(String category, String since) {
    return new EventQuery(EventFilter.categories(category), since, 100);
  }

  private static long seqOf(String cursor) {
    return Long.parseUnsignedLong(cursor, 16) & Cursors.MAX_SEQ;
  }

  private static void sql(Path where, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + where.resolve(Schema.FILE));
        Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  private static long scalar(Path where, String query) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + where.resolve(Schema.FILE));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      return rs.next() ? rs.getLong(1) : -1;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<EventDraft> drafts(String category, int n) {
    List<EventDraft> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(EventDraft.of(category, "e", "k", new JsonObject().put("i", i)));
    }
    return out;
  }
}
