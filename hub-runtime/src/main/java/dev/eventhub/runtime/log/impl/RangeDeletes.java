package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * Retention's deletions, inside a transaction the caller opened: ranges of the log, then the pruning marks, the counts
 * table and its fingerprint in the same transaction (section O). The statements are prepared once on the writer's
 * connection: retention runs in most groups while a category is at its limit, and compiling them cost more than a
 * small deletion.
 */
final class RangeDeletes {
  // The oldest n of a category, from its index (covering: no row is read).
  private static final String OLDEST = "SELECT min(seq), max(seq), count(*) FROM"
      + " (SELECT seq FROM events WHERE category = ? ORDER BY seq LIMIT ?)";
  // When nothing else lies between them, the category's oldest events are deleted as a range of the table's rowids:
  // no index is searched to find them. Both forms delete in one pass; a row costs its three b-tree deletions either
  // way (section O).
  private static final String DELETE_SEQS = "DELETE FROM events WHERE seq BETWEEN ? AND ?";
  private static final String DELETE_OF_CATEGORY = "DELETE FROM events WHERE category = ? AND seq BETWEEN ? AND ?";
  private static final String COUNT_OF_CATEGORY = "SELECT count(*) FROM events WHERE category = ? AND seq BETWEEN ? AND ?";
  // NOT INDEXED: otherwise SQLite answers it by scanning the whole events_category index (the plan chose the covering
  // index over the rowid range), every slice of age and size retention.
  private static final String PREFIX_SUMMARY = "SELECT category, count(*), max(seq), sum(seq <= ?) FROM events"
      + " NOT INDEXED WHERE seq <= ? GROUP BY category";
  private static final String DELETE_PREFIX = "DELETE FROM events WHERE seq <= ?";
  private static final String MARK = "INSERT INTO pruned(category, through) VALUES(?, ?)"
      + " ON CONFLICT(category) DO UPDATE SET through = max(through, excluded.through)";
  private static final String META = "INSERT INTO meta(name, value) VALUES(?, ?)"
      + " ON CONFLICT(name) DO UPDATE SET value = excluded.value";

  private final CategoryCounts counts;
  private final Map<String, Long> prunedThrough;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  RangeDeletes(CategoryCounts counts, Map<String, Long> prunedThrough) {
    this.counts = counts;
    this.prunedThrough = prunedThrough;
  }

  /** Deletes the oldest {@code n} events of {@code category} (it holds at least as many). */
  void oldestOf(Connection c, Pruning into, String category, long n) throws SQLException {
    long first;
    long last;
    long found;
    PreparedStatement oldest = statement(c, OLDEST);
    oldest.setString(1, category);
    oldest.setLong(2, n);
    try (ResultSet rs = oldest.executeQuery()) {
      rs.next();
      first = rs.getLong(1);
      last = rs.getLong(2);
      found = rs.getLong(3);
    }
    if (found == 0) {
      return;
    }
    // Sequence numbers are unique: found of them within last - first + 1 numbers are all there is in between.
    boolean alone = last - first + 1 == found;
    PreparedStatement delete = statement(c, alone ? DELETE_SEQS : DELETE_OF_CATEGORY);
    int i = 1;
    if (!alone) {
      delete.setString(i++, category);
    }
    delete.setLong(i++, first);
    delete.setLong(i, last);
    delete.executeUpdate();
    into.removed(category, found, last, countedOf(c, category, first, last, found), prunedThrough);
  }

  // How many of the deleted events the counts table counts: all of them, unless some came after its last write.
  private long countedOf(Connection c, String category, long first, long last, long found) throws SQLException {
    long through = counts.through();
    if (last <= through) {
      return found;
    }
    if (first > through) {
      return 0;
    }
    PreparedStatement count = statement(c, COUNT_OF_CATEGORY);
    count.setString(1, category);
    count.setLong(2, first);
    count.setLong(3, through);
    try (ResultSet rs = count.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Deletes every event up to sequence {@code through}, whatever its category. */
  void prefix(Connection c, Pruning into, long through) throws SQLException {
    PreparedStatement summary = statement(c, PREFIX_SUMMARY);
    summary.setLong(1, counts.through());
    summary.setLong(2, through);
    Map<String, long[]> removed = new HashMap<>();
    try (ResultSet rs = summary.executeQuery()) {
      while (rs.next()) {
        removed.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)});
      }
    }
    PreparedStatement delete = statement(c, DELETE_PREFIX);
    delete.setLong(1, through);
    delete.executeUpdate();
    removed.forEach((category, r) -> into.removed(category, r[0], r[1], r[2], prunedThrough));
    into.byPrefix.addAll(removed.keySet());
  }

  /** Before the transaction commits: the marks, the counts table and its fingerprint, as the deletions left them. */
  void finish(Connection c, Pruning pruning) throws SQLException {
    if (pruning.isEmpty()) {
      return;
    }
    PreparedStatement mark = statement(c, MARK);
    for (Map.Entry<String, Long> e : pruning.marks.entrySet()) {
      mark.setString(1, e.getKey());
      mark.setLong(2, e.getValue());
      mark.executeUpdate();
    }
    for (Map.Entry<String, Long> e : pruning.counted.entrySet()) {
      counts.removedInTransaction(e.getKey(), e.getValue(), pruning.byPrefix.contains(e.getKey()));
    }
    // The fingerprint from the marks in memory, which are the table's as this transaction leaves it: computing it
    // on the table, with statements compiled each time, cost more than a group's deletion.
    PreparedStatement meta = statement(c, META);
    meta.setString(1, CategoryCounts.PRUNED);
    meta.setString(2, CategoryCounts.prunedState(prunedThrough));
    meta.executeUpdate();
  }

  /** After a failed deletion: the driver may have finalized a statement whose step failed (see WriterState#forget). */
  void forgetStatements() {
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // Already finalized by the driver.
      }
    }
    statements.clear();
  }

  private PreparedStatement statement(Connection c, String sql) throws SQLException {
    PreparedStatement ps = statements.get(sql);
    if (ps == null) {
      ps = c.prepareStatement(sql);
      statements.put(sql, ps);
    }
    return ps;
  }
}
