package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Prunes by age, by count per category and by the store's size, a bounded slice per step on the writer thread, one
 * step after each group commit (and back to back while nothing is queued), so that appends queued meanwhile wait for
 * one slice at most. A slice removes {@value #MIN_SLICE} events, or as many as the group before it recorded (up to
 * {@value #MAX_SLICE}), so that pruning keeps pace with ingest without holding the writer for long; while no group
 * comes between slices, each is twice the one before (up to {@value #MAX_SLICE}). A slice of
 * 5,000 took about 120 ms and cut single-event ingest to an eighth while a backlog was pruned (issue 24). Records,
 * per category, the highest sequence it removed: a replay from an older cursor is then known to be incomplete. A category it empties is
 * forgotten (its count, and through the listener its meters), so that it no longer counts toward
 * {@code log.maxCategories}.
 */
final class Retention {
  static final int MIN_SLICE = 500;
  static final int MAX_SLICE = 5_000;

  private final Duration maxAge;
  private final long maxPerCategory;
  private final long maxBytes;
  private final int maxEmptiedKept;
  private final Consumer<Set<String>> emptied;
  // Readers whose cursor is below this may have missed events of a category forgotten since (see boundPruned).
  private volatile long prunedFloor;
  private final long intervalMillis;
  private final CategoryCounts categoryCounts;
  private final Map<String, Long> counts;
  private final Map<String, Long> prunedThrough;
  // Writer thread only: the slice while nothing is recorded (it grows), the events of the group just committed (the
  // slice after it removes as many), and whether events were recorded since the last slice.
  private int idleSlice = MIN_SLICE;
  private int lastGroupEvents;
  private boolean recordedSinceSlice;
  private final AtomicLong prunedTotal = new AtomicLong();
  private volatile long nextRunAt;

  /**
   * @param maxBytes the most bytes the store may use (pages in use, all tables); 0 for no limit
   * @param maxEmptiedKept how many emptied categories keep their pruning mark (see {@link #boundPruned})
   * @param prunedFloor the floor recorded by earlier runs
   * @param emptied told, on the writer thread, of the categories a step removed the last events of
   */
  Retention(Duration maxAge, long maxPerCategory, long maxBytes, Duration interval, CategoryCounts counts,
      Map<String, Long> prunedThrough, int maxEmptiedKept, long prunedFloor, Consumer<Set<String>> emptied) {
    this.maxAge = maxAge;
    this.maxPerCategory = maxPerCategory;
    this.maxBytes = maxBytes;
    this.maxEmptiedKept = maxEmptiedKept;
    this.prunedFloor = prunedFloor;
    this.emptied = emptied;
    this.intervalMillis = Math.max(10, interval.toMillis());
    this.categoryCounts = counts;
    this.counts = counts.map();
    this.prunedThrough = prunedThrough;
    this.nextRunAt = System.currentTimeMillis() + intervalMillis;
  }

  long millisUntilDue() {
    return nextRunAt - System.currentTimeMillis();
  }

  void dueNow() {
    nextRunAt = 0;
  }

  long prunedTotal() {
    return prunedTotal.get();
  }

  /** A reader whose cursor is below this may have missed events (of a category no longer tracked). */
  long prunedFloor() {
    return prunedFloor;
  }

  static long loadFloor(Connection c) throws SQLException {
    String stored = Schema.meta(c, "prunedFloor");
    return stored == null ? 0 : Long.parseLong(stored);
  }

  /**
   * After a group commit that recorded {@code events} events: the next slice may remove as many (within its bounds).
   * Groups that record none (plugin storage, probes) leave the slices as they are.
   */
  void groupCommitted(int events) {
    lastGroupEvents = events;
    recordedSinceSlice |= events > 0;
  }

  /** One slice of work; true when more remains. */
  boolean step(Connection c) throws SQLException {
    int rows = lastGroupEvents > 0 ? Math.max(MIN_SLICE, Math.min(MAX_SLICE, lastGroupEvents)) : idleSlice;
    // Nothing recorded since the last slice: nobody is appending, so the next slice doubles (fewer commits, each with
    // its sync: slices of 500 back to back cost twice the CPU per pruned event of 5,000 in K4). An append that comes
    // during one waits for it once; the slices after its group are small again.
    idleSlice = recordedSinceSlice ? MIN_SLICE : Math.min(MAX_SLICE, 2 * rows);
    recordedSinceSlice = false;
    lastGroupEvents = 0;
    boolean more = pruneByAge(c, rows) || pruneByCount(c, rows) || pruneBySize(c, rows);
    if (!more) {
      nextRunAt = System.currentTimeMillis() + intervalMillis;
    }
    return more;
  }

  private boolean pruneByAge(Connection c, int slice) throws SQLException {
    if (maxAge.isZero() || maxAge.isNegative()) {
      return false;
    }
    long cutoff = System.currentTimeMillis() - maxAge.toMillis();
    long through = -1;
    int rows = 0;
    // Timestamps never decrease along the log, so the events to drop are a prefix of it.
    try (PreparedStatement ps = c.prepareStatement("SELECT seq, ts FROM events ORDER BY seq LIMIT ?")) {
      ps.setInt(1, slice);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && rs.getLong(2) < cutoff) {
          through = rs.getLong(1);
          rows++;
        }
      }
    }
    if (through < 0) {
      return false;
    }
    deleteRange(c, "seq <= ?", null, through);
    return rows == slice;
  }

  private boolean pruneByCount(Connection c, int slice) throws SQLException {
    if (maxPerCategory <= 0) {
      return false;
    }
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      long excess = entry.getValue() - maxPerCategory;
      if (excess > 0) {
        long take = Math.min(excess, slice);
        long through = nthSeq(c, entry.getKey(), take);
        deleteRange(c, "category = ? AND seq <= ?", entry.getKey(), through);
        return true;
      }
    }
    return false;
  }

  // The oldest events go, about as many as the excess holds, until the store's pages in use fit: freed
  // pages are reused by later writes, so the file stays near maxBytes without a VACUUM.
  private boolean pruneBySize(Connection c, int slice) throws SQLException {
    if (maxBytes <= 0) {
      return false;
    }
    long used = usedBytes(c);
    long events = counts.values().stream().mapToLong(Long::longValue).sum();
    if (used <= maxBytes || events == 0) {
      return false;
    }
    long perEvent = Math.max(1, used / events);
    long take = Math.min(slice, Math.min(events, (used - maxBytes) / perEvent + 1));
    try (PreparedStatement ps = c.prepareStatement("SELECT seq FROM events ORDER BY seq LIMIT 1 OFFSET ?")) {
      ps.setLong(1, take - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return false;
        }
        deleteRange(c, "seq <= ?", null, rs.getLong(1));
      }
    }
    return true;
  }

  /** The bytes of the store's pages in use (its size less its free pages). */
  static long usedBytes(Connection c) throws SQLException {
    return (Schema.scalar(c, "PRAGMA page_count") - Schema.scalar(c, "PRAGMA freelist_count"))
        * Schema.scalar(c, "PRAGMA page_size");
  }

  private static long nthSeq(Connection c, String category, long n) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT seq FROM events WHERE category = ? ORDER BY seq LIMIT 1 OFFSET ?")) {
      ps.setString(1, category);
      ps.setLong(2, n - 1);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private void deleteRange(Connection c, String where, String category, long through) throws SQLException {
    Map<String, long[]> removed = new HashMap<>();
    Map<String, Long> removedCounts = new HashMap<>();
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    }
    try (PreparedStatement summary = c.prepareStatement(
            "SELECT category, count(*), max(seq) FROM events WHERE " + where + " GROUP BY category");
        PreparedStatement delete = c.prepareStatement("DELETE FROM events WHERE " + where);
        PreparedStatement mark = c.prepareStatement(
            "INSERT INTO pruned(category, through) VALUES(?, ?)"
                + " ON CONFLICT(category) DO UPDATE SET through = max(through, excluded.through)")) {
      bind(summary, category, through);
      try (ResultSet rs = summary.executeQuery()) {
        while (rs.next()) {
          removed.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
          removedCounts.put(rs.getString(1), rs.getLong(2));
        }
      }
      bind(delete, category, through);
      delete.executeUpdate();
      for (Map.Entry<String, long[]> e : removed.entrySet()) {
        mark.setString(1, e.getKey());
        mark.setLong(2, e.getValue()[1]);
        mark.addBatch();
      }
      mark.executeBatch();
      // The counts a restart reads commit with the deletion that changes them.
      categoryCounts.writeInTransaction(removedCounts);
    }
    try (Statement st = c.createStatement()) {
      st.execute("COMMIT");
    }
    Set<String> gone = categoryCounts.committed(removedCounts);
    for (Map.Entry<String, long[]> e : removed.entrySet()) {
      prunedThrough.merge(e.getKey(), e.getValue()[1], Math::max);
      prunedTotal.addAndGet(e.getValue()[0]);
    }
    if (!gone.isEmpty()) {
      emptied.accept(gone);
      boundPruned(c);
    }
  }

  /**
   * Keeps the pruning marks of at most {@code maxEmptiedKept} emptied categories, so that categories
   * that come and go do not grow the marks without bound. The oldest go, and the highest of them
   * becomes the floor: a reader with an older cursor is told it may have missed events, which is true
   * of some reader of a forgotten category and only errs on the safe side for the others.
   */
  private void boundPruned(Connection c) throws SQLException {
    List<Map.Entry<String, Long>> emptiedMarks = new ArrayList<>();
    for (Map.Entry<String, Long> e : prunedThrough.entrySet()) {
      if (!counts.containsKey(e.getKey())) {
        emptiedMarks.add(Map.entry(e.getKey(), e.getValue()));
      }
    }
    int excess = emptiedMarks.size() - maxEmptiedKept;
    if (excess <= 0) {
      return;
    }
    emptiedMarks.sort(Map.Entry.comparingByValue());
    List<Map.Entry<String, Long>> forget = emptiedMarks.subList(0, excess);
    long floor = prunedFloor;
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM pruned WHERE category = ?")) {
      for (Map.Entry<String, Long> e : forget) {
        delete.setString(1, e.getKey());
        delete.addBatch();
        floor = Math.max(floor, e.getValue());
      }
      delete.executeBatch();
      Schema.setMeta(c, "prunedFloor", Long.toString(floor));
      categoryCounts.prunedMarksForgotten();
    }
    try (Statement st = c.createStatement()) {
      st.execute("COMMIT");
    }
    // The floor first: a reader never sees a mark gone without the floor that stands for it.
    prunedFloor = floor;
    forget.forEach(e -> prunedThrough.remove(e.getKey()));
  }

  private static void bind(PreparedStatement ps, String category, long through) throws SQLException {
    int i = 1;
    if (category != null) {
      ps.setString(i++, category);
    }
    ps.setLong(i, through);
  }

  static Map<String, Long> loadPruned(Connection c) throws SQLException {
    return load(c, "SELECT category, through FROM pruned");
  }

  private static Map<String, Long> load(Connection c, String sql) throws SQLException {
    Map<String, Long> out = new ConcurrentHashMap<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }
}
