package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What only the writer thread changes: the next sequence number and what the group being applied adds. */
final class WriterState {
  long nextSeq;
  long lastTimestamp;
  /** Cluster: the offset of the last record of the log topic applied (committed); -1 when none. */
  volatile long appliedOffset = -1;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  // Retained events per category (committed), shared with retention and the figures; changed on this thread.
  private final Map<String, Long> counts;
  private final int maxCategories;
  // Categories the group being applied adds to the log.
  private final Set<String> newCategories = new HashSet<>();

  WriterState(long nextSeq, long lastTimestamp, Map<String, Long> counts, int maxCategories) {
    this.nextSeq = nextSeq;
    this.lastTimestamp = lastTimestamp;
    this.counts = counts;
    this.maxCategories = maxCategories;
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

  /**
   * Drops a kept statement after its execution failed: the driver finalizes a statement whose step failed with a
   * store error (a full disk, I/O), and using it again fails with "statement is not executing" (issue 24).
   */
  void forget(String sql) {
    PreparedStatement ps = statements.remove(sql);
    if (ps != null) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // Already finalized by the driver.
      }
    }
  }

  /** A timestamp that never goes backwards, so that age retention can treat the log as time-ordered. */
  long nextTimestamp() {
    lastTimestamp = Math.max(lastTimestamp, System.currentTimeMillis());
    return lastTimestamp;
  }

  /**
   * Checks that the log may hold {@code category}: one it holds, or a new one within {@code
   * log.maxCategories}. Each category costs memory and meters for as long as it holds events.
   */
  void admitCategory(String category) {
    if (counts.containsKey(category) || newCategories.contains(category)) {
      return;
    }
    if (counts.size() + newCategories.size() >= maxCategories) {
      throw new HubException(ErrorCode.CONFLICT, "the log holds events of " + maxCategories
          + " categories, its limit (log.maxCategories); category '" + category + "' would be a new one");
    }
    newCategories.add(category);
  }

  /** The group being applied was undone. */
  void groupRolledBack(long seqBefore) {
    nextSeq = seqBefore;
    newCategories.clear();
  }

  /** The group being applied is durable (its counts are taken over by the commit hook). */
  void groupCommitted() {
    newCategories.clear();
  }
}
