package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EntryResult;
import dev.eventhub.runtime.log.LogEntry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies one polled batch of a cluster's log in the writer's transaction: events at sequence number
 * offset + 1 (gaps allowed: documents, leader records and transaction markers take offsets too), document
 * commands resolved in order, the dedup table, and the applied offset, all committed together. Never
 * refused: the log already holds these records.
 */
final class ApplyOp extends WriteOp<List<EntryResult>> {
  private static final String INSERT =
      "INSERT INTO events(seq, id, category, event, key, ts, data, attributes) VALUES(?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String ORIGINAL = "SELECT event, key, ts, data, attributes FROM events WHERE seq = ?";

  private final List<LogEntry> entries;
  private final long lastOffset;
  private final Cursors cursors;
  private final Dedup dedup;
  private final List<HubEvent> created = new ArrayList<>();
  private String leader;
  private long timestampBefore;

  ApplyOp(List<LogEntry> entries, long lastOffset, Cursors cursors, Dedup dedup) {
    // No context: completes on the writer thread, where the applier waits for it.
    super(null);
    this.entries = entries;
    this.lastOffset = lastOffset;
    this.cursors = cursors;
    this.dedup = dedup;
  }

  @Override
  int weight() {
    return Math.max(1, entries.size());
  }

  // Only the store can fail it: a refused command is a result, not an error.
  @Override
  boolean needsSavepoint() {
    return false;
  }

  @Override
  List<EntryResult> apply(Connection c, WriterState state) throws SQLException {
    created.clear();
    leader = null;
    timestampBefore = state.lastTimestamp;
    List<EntryResult> results = new ArrayList<>(entries.size());
    long newest = Long.MIN_VALUE;
    for (LogEntry entry : entries) {
      if (entry.offset() <= state.appliedOffset) {
        continue;
      }
      newest = Math.max(newest, entry.timestamp());
      Object value = null;
      if (entry instanceof LogEntry.Event e) {
        value = event(c, state, e);
      } else if (entry instanceof LogEntry.Document d) {
        value = Documents.apply(c, d.command(), d.timestamp());
      } else if (entry instanceof LogEntry.Leader l) {
        leader = l.json();
        Schema.setMeta(c, "leader", leader);
      }
      results.add(new EntryResult(entry, value));
    }
    if (lastOffset > state.appliedOffset) {
      Schema.setMeta(c, "appliedOffset", Long.toString(lastOffset));
    }
    if (newest != Long.MIN_VALUE) {
      dedup.prune(c, state, newest);
      state.lastTimestamp = Math.max(state.lastTimestamp, newest);
    }
    return results;
  }

  private Appended event(Connection c, WriterState state, LogEntry.Event e) throws SQLException {
    long seq = e.offset() + 1;
    long firstSeq = dedup.firstSeq(c, state, e.category(), e.id(), e.timestamp());
    if (firstSeq > 0) {
      return new Appended(original(c, state, firstSeq, e), false);
    }
    PreparedStatement insert = state.statement(c, INSERT);
    insert.setLong(1, seq);
    insert.setString(2, e.id());
    insert.setString(3, e.category());
    insert.setString(4, e.event());
    insert.setString(5, e.key());
    insert.setLong(6, e.timestamp());
    insert.setString(7, e.data());
    insert.setString(8, AttributeColumn.encode(e.attributes()));
    insert.executeUpdate();
    dedup.record(c, state, e.category(), e.id(), seq, e.timestamp());
    HubEvent event = HubEvent.withEncodedData(e.id(), cursors.format(seq), e.category(), e.event(), e.key(),
        Instant.ofEpochMilli(e.timestamp()), e.data(), e.attributes());
    created.add(event);
    return new Appended(event, true);
  }

  // The first record of the id; when this node's retention removed it, its cursor with the duplicate's content.
  private HubEvent original(Connection c, WriterState state, long seq, LogEntry.Event e) throws SQLException {
    PreparedStatement ps = state.statement(c, ORIGINAL);
    ps.setLong(1, seq);
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next()) {
        return HubEvent.withEncodedData(e.id(), cursors.format(seq), e.category(), rs.getString(1), rs.getString(2),
            Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4), AttributeColumn.decode(rs.getString(5)));
      }
    }
    return HubEvent.withEncodedData(e.id(), cursors.format(seq), e.category(), e.event(), e.key(),
        Instant.ofEpochMilli(e.timestamp()), e.data(), e.attributes());
  }

  @Override
  void rolledBack(WriterState state) {
    created.clear();
    leader = null;
    state.lastTimestamp = timestampBefore;
  }

  @Override
  void committed(WriterState state) {
    state.appliedOffset = Math.max(state.appliedOffset, lastOffset);
  }

  long lastOffset() {
    return lastOffset;
  }

  /** The events this op recorded (duplicates left out), in log order. */
  List<HubEvent> created() {
    return created;
  }

  /** The leader record this op applied last, or null. */
  String leader() {
    return leader;
  }
}
