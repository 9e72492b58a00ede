package dev.eventhub.runtime.log.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Timestamps never decrease along the log, across restarts too: a log whose newest event was stamped by a clock
 * that ran ahead (here: an hour) stamps the next event no earlier. The log reads that stamp from its newest rows
 * at start, not from the whole table.
 */
class TimestampOrderTest {
  @TempDir Path dir;
  final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldNeverStampAnEventBeforeTheNewestOneAfterARestart() throws Exception {
    EventLog log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    for (int i = 0; i < 3; i++) {
      TestHub.await(log.append(List.of(EventDraft.of("c", "e", "k", new JsonObject().put("i", i)))));
    }
    TestHub.await(log.close());
    long ahead = System.currentTimeMillis() + 3_600_000;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE events SET ts = " + ahead + " WHERE seq = (SELECT max(seq) FROM events)");
    }

    log = TestHub.await(EventLog.open(vertx, LogOptions.defaults(dir), events -> {}));
    HubEvent next = TestHub.await(log.append(List.of(EventDraft.of("c", "e", "k", new JsonObject())))).get(0).event();
    assertThat(next.timestamp().toEpochMilli()).isGreaterThanOrEqualTo(ahead);
    TestHub.await(log.close());
  }
}
