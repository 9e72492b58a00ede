package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EntryResult;
import dev.eventhub.runtime.log.LogEntry;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.log.ReplicaLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A cluster node's store: the SQLite log, written only by applying the log topic's records. */
public final class SqliteReplica extends SqliteEventLog implements ReplicaLog {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteReplica.class);
  private static final String TOPIC_ID = "topicId";

  private final String topicId;
  private final Dedup dedup;
  private final int maxCategories;
  private volatile String lastLeader;

  private SqliteReplica(Vertx vertx, LogOptions options, Connection c, Consumer<List<HubEvent>> onRecorded,
      String topicId, long incarnation, Duration dedupWindow) throws SQLException {
    super(vertx, options, c, onRecorded, Cursors.cluster(incarnation));
    this.topicId = topicId;
    this.dedup = new Dedup(dedupWindow.toMillis());
    this.maxCategories = options.limits().maxCategories();
    String applied = Schema.meta(c, "appliedOffset");
    writerState.appliedOffset = applied == null ? -1 : Long.parseLong(applied);
    recordedThrough(writerState.appliedOffset + 1);
    this.lastLeader = Schema.meta(c, "leader");
  }

  /**
   * Opens the store of a node of the cluster whose topic has id {@code topicId}; a store that holds a copy of
   * another topic (a recreated one), or a single node's events, is emptied first, with a WARNING.
   *
   * @param incarnation the first half of every cursor: the topic id's two halves XORed
   */
  public static Future<ReplicaLog> open(Vertx vertx, LogOptions options, Consumer<List<HubEvent>> onRecorded,
      String topicId, long incarnation, Duration dedupWindow) {
    return vertx.executeBlocking(() -> {
      Connection c = connect(options, true);
      try {
        rebuildIfOtherTopic(c, topicId);
        SqliteReplica log = new SqliteReplica(vertx, options, c, onRecorded, topicId, incarnation, dedupWindow);
        log.startWriting();
        return (ReplicaLog) log;
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    });
  }

  private static void rebuildIfOtherTopic(Connection c, String topicId) throws SQLException {
    String stored = Schema.meta(c, TOPIC_ID);
    if (topicId.equals(stored)) {
      return;
    }
    long events = Schema.scalar(c, "SELECT count(*) FROM events");
    long documents = Schema.scalar(c, "SELECT count(*) FROM documents");
    if (stored != null || events > 0 || documents > 0) {
      LOG.warn("cluster: this node's store holds " + (stored == null ? "a single node's log" : "a copy of topic id "
          + stored) + " (" + events + " events, " + documents + " documents), not of the log topic (topic id "
          + topicId + "); it is emptied and rebuilt from the topic. Cursors of the old log are unknown from now on.");
    }
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      for (String table : List.of("events", "documents", "dedup", "pruned")) {
        st.execute("DELETE FROM " + table);
      }
      st.execute("DELETE FROM meta WHERE name <> 'epoch'");
      Schema.setMeta(c, TOPIC_ID, topicId);
      st.execute("COMMIT");
    }
  }

  @Override
  public Future<List<Appended>> append(List<EventDraft> drafts) {
    return Future.failedFuture(HubException.badRequest("a cluster node's store takes events from the log topic only"));
  }

  @Override
  public long appliedOffset() {
    return writerState.appliedOffset;
  }

  @Override
  public String topicId() {
    return topicId;
  }

  @Override
  public String lastLeader() {
    return lastLeader;
  }

  @Override
  public void admitCategories(Collection<String> categories) {
    int added = 0;
    for (String category : new HashSet<>(categories)) {
      if (!holdsCategory(category) && categoryCount() + ++added > maxCategories) {
        throw new HubException(ErrorCode.CONFLICT, "the log holds events of " + categoryCount() + " categories, "
            + "its limit is " + maxCategories + " (log.maxCategories); category '" + category + "' would be a new one");
      }
    }
  }

  @Override
  public long seqOf(String cursor) {
    return cursors.parse(cursor);
  }

  @Override
  public String cursorOf(long seq) {
    return cursors.format(seq);
  }

  @Override
  public Future<List<EntryResult>> apply(List<LogEntry> entries, long lastOffset) {
    ApplyOp op = new ApplyOp(List.copyOf(entries), lastOffset, cursors, dedup);
    writer.submit(op);
    return op.future().map(results -> {
      if (op.leader() != null) {
        lastLeader = op.leader();
      }
      return results;
    });
  }
}
