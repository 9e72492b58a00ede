package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import dev.eventhub.runtime.log.DocumentChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What only the writer thread changes: the next sequence number and per-category counts pending commit. */
final class WriterState {
  long nextSeq;
  long lastTimestamp;
  final Map<String, Long> pendingCounts = new HashMap<>();
  /** Plugin documents written by the group being applied, in order; cleared when it commits or rolls back. */
  final List<PendingDocument> documents = new ArrayList<>();
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  /** A document write of the current group; replicated when another node made it. */
  record PendingDocument(DocumentChange change, boolean replicated) {}

  WriterState(long nextSeq, long lastTimestamp) {
    this.nextSeq = nextSeq;
    this.lastTimestamp = lastTimestamp;
  }

  /** A prepared statement kept for the writer's life: compiling SQL per write costs more than the write. */
  PreparedStatement statement(Connection c, String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }

  /** A timestamp that never goes backwards, so that age retention can treat the log as time-ordered. */
  long nextTimestamp() {
    lastTimestamp = Math.max(lastTimestamp, System.currentTimeMillis());
    return lastTimestamp;
  }
}
