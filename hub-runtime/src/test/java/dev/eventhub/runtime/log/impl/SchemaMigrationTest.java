package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 8: a store made before ids were scoped to their category opens and is migrated. Issue 24: one made
 * before the counts table gets it.
 */
class SchemaMigrationTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldOpenAStoreWithTheOldGlobalIdIndexAndScopeIdsToTheirCategoryFromThenOn() throws Exception {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    Appended old = TestHub.await(log.append(List.of(new EventDraft("x-1", "a", "placed", null, new JsonObject())))).get(0);
    TestHub.await(log.close());
    // As the store was before: one unique index on the id alone.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement st = c.createStatement()) {
      st.execute("DROP INDEX events_category_id");
      st.execute("CREATE UNIQUE INDEX events_id ON events(id)");
    }

    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<Appended> after = TestHub.await(log.append(List.of(
        new EventDraft("x-1", "a", "placed", null, new JsonObject()),
        new EventDraft("x-1", "b", "placed", null, new JsonObject()))));
    assertThat(after.get(0).created()).isFalse();
    assertThat(after.get(0).event().cursor()).isEqualTo(old.event().cursor());
    assertThat(after.get(1).created()).isTrue();
    assertThat(after.get(1).event().category()).isEqualTo("b");
    TestHub.await(log.close());

    List<String> indexes = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'")) {
      while (rs.next()) {
        indexes.add(rs.getString(1));
      }
    }
    assertThat(indexes).contains("events_category_id").doesNotContain("events_id");
  }

  @Test
  void shouldBuildTheCountsTableOfAStoreMadeBeforeIt() throws Exception {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      drafts.add(new EventDraft(null, i % 3 == 0 ? "b" : "a", "e", i == 7 ? "rare" : null, new JsonObject()));
    }
    TestHub.await(log.append(drafts));
    TestHub.await(log.close());
    // As the store was before issue 24: no counts table, nothing about it in meta.
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE counts");
      st.execute("DELETE FROM meta WHERE name = 'countsThrough'");
    }

    LogOptions pruning = LogOptions.defaults(dir).withRetention(java.time.Duration.ZERO, 15, java.time.Duration.ofHours(1));
    log = TestHub.await(EventLog.open(vertx, pruning, events -> {}));
    assertThat(log.stats().perCategory()).isEqualTo(java.util.Map.of("a", 20L, "b", 10L));
    dev.eventhub.api.EventPage rare = TestHub.await(log.read(new dev.eventhub.api.EventQuery(
        new dev.eventhub.api.EventFilter(List.of("a"), null, List.of("rare")), null, 10)));
    assertThat(rare.events()).hasSize(1);
    assertThat(TestHub.await(log.prune())).isEqualTo(5);
    TestHub.await(log.close());

    List<String> indexes = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE tbl_name IN ('events', 'counts')")) {
      while (rs.next()) {
        indexes.add(rs.getString(1));
      }
    }
    assertThat(indexes).contains("counts");
    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    assertThat(log.stats().perCategory()).isEqualTo(java.util.Map.of("a", 15L, "b", 10L));
    TestHub.await(log.close());
  }
}
