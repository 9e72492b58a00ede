package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retained events per category, in memory (shared with retention, the category limit and the figures) and in
 * the {@code counts} table, so that a start reads one row per category instead of the whole log (issue 24: counting
 * the index took 1.3 s at 1M events). The table holds the counts of the events up to the sequence number kept in
 * meta {@value #THROUGH}; a start adds the events after it (those recorded since the last write, a crash's tail).
 * The table is written by the writer thread only: every {@value #WRITE_EVERY} recorded events and at close; retention
 * lowers its rows in the transaction that deletes the events (so that a deletion and the counts it changes commit
 * together, without rewriting the table each time: section O).
 */
final class CategoryCounts {
  private static final Logger LOG = LoggerFactory.getLogger(CategoryCounts.class);
  static final String THROUGH = "countsThrough";
  // The pruned table's state when the counts were written (what this build's pruning changes in the same
  // transaction): a start that finds it changed knows an older build pruned meanwhile, and counts anew.
  static final String PRUNED = "countsPruned";
  static final long WRITE_EVERY = 50_000;

  private final Connection connection;
  private final Map<String, Long> counts;
  // Writer thread only: categories whose count changed since the table was written.
  private final Set<String> dirty = new HashSet<>();
  private long recordedSinceWrite;
  // Writer thread only: meta {@value #THROUGH} as committed. The table counts the events up to it, so a deletion
  // lowers a row by the deleted events up to it, and no more: those after it are counted at a start, if still there.
  private long through;
  // Prepared once (retention lowers rows in most groups' transactions while a category is at its limit); dropped
  // after a failure, as the driver may have finalized them (see WriterState#forget).
  private PreparedStatement lower;
  private PreparedStatement dropEmpty;

  private CategoryCounts(Connection connection, Map<String, Long> counts) {
    this.connection = connection;
    this.counts = counts;
  }

  /**
   * Reads the counts at open. A store made before the table (no {@value #THROUGH} in meta), or one whose table was
   * emptied, or one that an older build pruned since the table was written ({@value #PRUNED} differs), is counted
   * once the old way, and the table written: the migration.
   */
  static CategoryCounts load(Connection c) throws SQLException {
    Map<String, Long> counts = new ConcurrentHashMap<>();
    String through = Schema.meta(c, THROUGH);
    CategoryCounts loaded = new CategoryCounts(c, counts);
    if (through == null || !prunedState(c).equals(Schema.meta(c, PRUNED))) {
      read(c, "SELECT category, count(*) FROM events GROUP BY category", -1, counts);
      loaded.dirty.addAll(counts.keySet());
      loaded.write(true);
    } else {
      read(c, "SELECT category, events FROM counts", -1, counts);
      // Recorded after the table's last write: counted now, written now, so that tails never add up.
      Map<String, Long> tail = new HashMap<>();
      loaded.through = Long.parseLong(through);
      read(c, "SELECT category, count(*) FROM events WHERE seq > ? GROUP BY category", loaded.through, tail);
      tail.forEach((category, n) -> counts.merge(category, n, Long::sum));
      loaded.dirty.addAll(tail.keySet());
      if (!tail.isEmpty()) {
        loaded.write(false);
      }
    }
    return loaded;
  }

  private static void read(Connection c, String sql, long after, Map<String, Long> into) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (after >= 0) {
        ps.setLong(1, after);
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          into.put(rs.getString(1), rs.getLong(2));
        }
      }
    }
  }

  /** The live map (writer thread writes, anyone reads). */
  Map<String, Long> map() {
    return counts;
  }

  /** After a group commit, on the writer thread: {@code n} more events of {@code category}. */
  void recorded(String category, long n) {
    counts.merge(category, n, Long::sum);
    dirty.add(category);
    recordedSinceWrite += n;
  }

  /** After a group commit, on the writer thread: writes the table when enough was recorded since. */
  void writeIfDue() {
    if (recordedSinceWrite >= WRITE_EVERY) {
      writeOrWarn("failed; retrying later");
    }
  }

  /** At close, on the closing thread once the writer has ended. */
  void writeAtClose() {
    if (!dirty.isEmpty()) {
      writeOrWarn("at close failed; the next start counts the events since");
    }
  }

  // A failed write leaves the table behind: the next write, or a start counting the events since, catches up.
  private void writeOrWarn(String failed) {
    try {
      write(false);
    } catch (SQLException e) {
      LOG.warn("writing the per-category counts " + failed, e);
      rollbackQuietly();
    }
  }

  /**
   * Inside the writer's open transaction that forgot pruning marks by this build's own rule (retention's bound on
   * emptied categories' marks): the pruned table's new state is this build's, not an older build's pruning. Its
   * deletions write the same figure from the marks in memory ({@link #prunedState(Map)}).
   */
  void prunedMarksChanged() throws SQLException {
    Schema.setMeta(connection, PRUNED, prunedState(connection));
  }

  /**
   * Inside the writer's open transaction that deletes events of {@code category}, {@code upToThrough} of them with a
   * sequence number up to {@link #through()}: lowers the category's row by as many (and, {@code mayEmpty}, drops it
   * once it is down to nothing: a deletion by count leaves the category its limit). Then {@link #removed} once it
   * committed.
   */
  void removedInTransaction(String category, long upToThrough, boolean mayEmpty) throws SQLException {
    if (upToThrough <= 0) {
      return;
    }
    try {
      if (lower == null) {
        lower = connection.prepareStatement("UPDATE counts SET events = events - ? WHERE category = ?");
        dropEmpty = connection.prepareStatement("DELETE FROM counts WHERE category = ? AND events <= 0");
      }
      lower.setLong(1, upToThrough);
      lower.setString(2, category);
      lower.executeUpdate();
      if (mayEmpty) {
        dropEmpty.setString(1, category);
        dropEmpty.executeUpdate();
      }
    } catch (SQLException | RuntimeException e) {
      forgetStatements();
      throw e;
    }
  }

  /** The sequence number the table counts the events up to (meta {@value #THROUGH}, as committed). */
  long through() {
    return through;
  }

  private void forgetStatements() {
    for (PreparedStatement ps : new PreparedStatement[] {lower, dropEmpty}) {
      try {
        if (ps != null) {
          ps.close();
        }
      } catch (SQLException ignored) {
        // Already finalized by the driver.
      }
    }
    lower = null;
    dropEmpty = null;
  }

  private void write(boolean rebuild) throws SQLException {
    long newest;
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      if (rebuild) {
        st.execute("DELETE FROM counts");
      }
      newest = writeRows();
      st.execute("COMMIT");
    }
    through = newest;
    dirty.clear();
    recordedSinceWrite = 0;
  }

  // Inside write's transaction: the rows of the categories whose count changed, and the sequence they count up to.
  private long writeRows() throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO counts(category, events) VALUES(?, ?)"
            + " ON CONFLICT(category) DO UPDATE SET events = excluded.events");
        PreparedStatement delete = connection.prepareStatement("DELETE FROM counts WHERE category = ?")) {
      for (String category : dirty) {
        long left = counts.getOrDefault(category, 0L);
        if (left > 0) {
          upsert.setString(1, category);
          upsert.setLong(2, left);
          upsert.addBatch();
        } else {
          delete.setString(1, category);
          delete.addBatch();
        }
      }
      upsert.executeBatch();
      delete.executeBatch();
    }
    // Every event up to the newest is counted: the writer counts each group right after it commits.
    long newest = Schema.scalar(connection, "SELECT max(seq) FROM events");
    Schema.setMeta(connection, THROUGH, Long.toString(newest));
    Schema.setMeta(connection, PRUNED, prunedState(connection));
    return newest;
  }

  // How far every category was pruned, in one figure: an older build's retention (which leaves the counts table
  // alone) raises it. One row per category, like the table itself.
  private static String prunedState(Connection c) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) || ':' || coalesce(sum(through), 0) FROM pruned")) {
      return rs.next() ? rs.getString(1) : "0:0";
    }
  }

  /** The same figure as {@link #prunedState(Connection)}, from the marks as they are in memory. */
  static String prunedState(Map<String, Long> prunedThrough) {
    long sum = 0;
    for (long through : prunedThrough.values()) {
      sum += through;
    }
    return prunedThrough.size() + ":" + sum;
  }

  /**
   * After the transaction of {@link #removedInTransaction} committed: applies {@code removed} (events per category)
   * to the map.
   *
   * @return the categories left without events
   */
  Set<String> removed(Map<String, Long> removed) {
    Set<String> gone = new HashSet<>();
    for (Map.Entry<String, Long> e : removed.entrySet()) {
      long left = counts.merge(e.getKey(), -e.getValue(), Long::sum);
      if (left <= 0) {
        counts.remove(e.getKey());
        gone.add(e.getKey());
      }
    }
    return gone;
  }

  private void rollbackQuietly() {
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // Nothing was open.
    }
  }
}
