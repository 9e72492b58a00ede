package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A cluster's idempotency, decided at apply: an event whose (category, id) was first recorded no more than
 * {@code window} before it (broker time) is a duplicate. Rows older than the window are pruned by the
 * timestamps of the records applied, never by this node's retention, so every node decides the same.
 */
final class Dedup {
  private static final String FIND = "SELECT seq, ts FROM dedup WHERE category = ? AND id = ?";
  private static final String RECORD = "INSERT INTO dedup(category, id, seq, ts) VALUES(?, ?, ?, ?)"
      + " ON CONFLICT(category, id) DO UPDATE SET seq = excluded.seq, ts = excluded.ts";
  private static final String PRUNE = "DELETE FROM dedup WHERE ts < ?";

  private final long windowMillis;

  Dedup(long windowMillis) {
    this.windowMillis = windowMillis;
  }

  /** The sequence number of the first record of the id when {@code timestamp} is within its window; else 0. */
  long firstSeq(Connection c, WriterState state, String category, String id, long timestamp) throws SQLException {
    PreparedStatement ps = state.statement(c, FIND);
    ps.setString(1, category);
    ps.setString(2, id);
    try (ResultSet rs = ps.executeQuery()) {
      if (rs.next() && rs.getLong(2) >= timestamp - windowMillis) {
        return rs.getLong(1);
      }
    }
    return 0;
  }

  void record(Connection c, WriterState state, String category, String id, long seq, long timestamp)
      throws SQLException {
    PreparedStatement ps = state.statement(c, RECORD);
    ps.setString(1, category);
    ps.setString(2, id);
    ps.setLong(3, seq);
    ps.setLong(4, timestamp);
    ps.executeUpdate();
  }

  /** Removes the rows no record at or after {@code newest} can be a duplicate of. */
  void prune(Connection c, WriterState state, long newest) throws SQLException {
    PreparedStatement ps = state.statement(c, PRUNE);
    ps.setLong(1, newest - windowMillis);
    ps.executeUpdate();
  }
}
