package dev.eventhub.runtime.log.impl;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Prunes by age, by count per category and by the store's size. While events are recorded, inside each group's own
 * transaction before its COMMIT (section O): once a category is past its limit by a thousandth of it (at most
 * {@value #MAX_OVERSHOOT} events), a group removes that excess, about as many events as the groups since recorded
 * (plus at most {@value #CATCH_UP} more while a backlog lasts), so that pruning keeps pace with ingest without a commit
 * and a sync of its own, and a group waits for a small share of it only. While nothing is recorded, the writer prunes a backlog
 * in slices of its own ({@value #MIN_SLICE} events, each twice the one before up to {@value #MAX_SLICE}). A slice of
 * 5,000 between groups took about 120 ms and cut single-event ingest to an eighth (issue 24); slices of 500, each with
 * its own sync, still cut it to 3,900 events/s (S8). Records, per category, the highest sequence it removed: a replay
 * from an older cursor is then known to be incomplete. A category it empties is forgotten (its count, and through the
 * listener its meters), so that it no longer counts toward {@code log.maxCategories}.
 */
final class Retention {
  static final int MIN_SLICE = 500;
  static final int MAX_SLICE = 5_000;
  static final int CATCH_UP = 100;
  // A category is pruned in a group once it is this far past its limit (at most a thousandth of the limit): deleting
  // a group's few events in every group, each time with its statements, cost the writer 3-4 µs more per appended
  // single event than main's slices did (PruneAB, section O).
  static final int MAX_OVERSHOOT = 256;

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
  private final RangeDeletes deletes;
  // Writer thread only: the slice while nothing is recorded (it grows), whether events were recorded since the last
  // slice, whether the last pass left work undone, whether emptied categories' marks are to be bounded, and the
  // groups' prunings whose commit is not yet applied to the counts (in commit order).
  private int idleSlice = MIN_SLICE;
  private boolean recordedSinceSlice;
  private boolean backlog;
  private boolean boundDue;
  private final List<Pruning> unapplied = new ArrayList<>();
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
    this.deletes = new RangeDeletes(counts, prunedThrough);
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
   * Inside {@code group}'s transaction, before its COMMIT, the group having recorded {@code recorded} events per
   * category: its categories past their limit (by more than {@link #overshoot}) lose as many of their oldest (the
   * group's own included, when it alone goes past it), up to the group's size plus {@value #CATCH_UP} (or the
   * overshoot, if more); what is left of that share goes to the rules when retention is due or a backlog is left.
   * Then {@link #committed} or {@link #rolledBack} with the same group.
   */
  void inGroup(Connection c, Object group, Map<String, Long> recorded) throws SQLException {
    long events = recorded.values().stream().mapToLong(Long::longValue).sum();
    if (events == 0) {
      return;
    }
    Pruning pruning = new Pruning(group);
    long share = Math.max(events + CATCH_UP, overshoot());
    try {
      if (maxPerCategory > 0) {
        for (Map.Entry<String, Long> e : recorded.entrySet()) {
          long excess = counts.getOrDefault(e.getKey(), 0L) + e.getValue() - pending(pruning, e.getKey())
              - maxPerCategory;
          if (excess > overshoot() && share > 0) {
            long take = Math.min(excess, share);
            deletes.oldestOf(c, pruning, e.getKey(), take);
            share -= take;
          }
        }
      }
      if (share > 0 && (backlog || millisUntilDue() <= 0)) {
        backlog = pruneByRules(c, pruning, (int) Math.min(share, MAX_SLICE), overshoot());
        if (!backlog) {
          nextRunAt = System.currentTimeMillis() + intervalMillis;
        }
      }
      deletes.finish(c, pruning);
    } catch (SQLException | RuntimeException e) {
      failed(pruning);
      throw e;
    }
    if (!pruning.isEmpty()) {
      unapplied.add(pruning);
    }
  }

  // How far past its limit a category may go between the groups that prune it.
  private long overshoot() {
    return Math.min(MAX_OVERSHOOT, maxPerCategory / 1000);
  }

  /** After {@code group}'s transaction committed, it having recorded {@code events} events. */
  void committed(Object group, int events) {
    recordedSinceSlice |= events > 0;
    for (int i = 0; i < unapplied.size(); i++) {
      if (unapplied.get(i).group == group) {
        applied(unapplied.remove(i));
        return;
      }
    }
  }

  /** After {@code group}'s transaction rolled back: its pruning did not happen. */
  void rolledBack(Object group) {
    for (int i = 0; i < unapplied.size(); i++) {
      if (unapplied.get(i).group == group) {
        unapplied.remove(i).undo(prunedThrough);
        // Its share is left to the next group or slice.
        backlog = true;
        return;
      }
    }
  }

  /** While nothing is recorded: one slice in a transaction of its own; true when more remains. */
  boolean step(Connection c) throws SQLException {
    int rows = idleSlice;
    // Nothing recorded since the last slice: nobody is appending, so the next slice doubles (fewer commits, each with
    // its sync: slices of 500 back to back cost twice the CPU per pruned event of 5,000 in K4). An append that comes
    // during one waits for it once; groups prune their own share after that.
    idleSlice = recordedSinceSlice ? MIN_SLICE : Math.min(MAX_SLICE, 2 * rows);
    // While appends come (the queue only empty for a moment), a category's overshoot is left to their groups: pruning
    // it here would cost a commit and its sync each time the queue empties.
    long overshoot = recordedSinceSlice ? overshoot() : 0;
    recordedSinceSlice = false;
    Pruning pruning = new Pruning(null);
    boolean more;
    try (Statement st = c.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      more = pruneByRules(c, pruning, rows, overshoot);
      deletes.finish(c, pruning);
      st.execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      // The writer rolls the transaction back.
      failed(pruning);
      throw e;
    }
    applied(pruning);
    backlog = more;
    if (!more) {
      nextRunAt = System.currentTimeMillis() + intervalMillis;
    }
    if (boundDue) {
      boundPruned(c);
      boundDue = false;
    }
    return more;
  }

  private void failed(Pruning pruning) {
    pruning.undo(prunedThrough);
    deletes.forgetStatements();
  }

  private void applied(Pruning pruning) {
    if (pruning.isEmpty()) {
      return;
    }
    Set<String> gone = categoryCounts.removed(pruning.removed);
    prunedTotal.addAndGet(pruning.total());
    if (!gone.isEmpty()) {
      emptied.accept(gone);
      // Bounded in an idle slice: it needs a transaction of its own.
      boundDue = true;
      dueNow();
    }
  }

  // Removed by transactions not yet applied to the counts (this one's included).
  private long pending(Pruning current, String category) {
    long n = current.removedOf(category);
    for (Pruning p : unapplied) {
      n += p.removedOf(category);
    }
    return n;
  }

  private long pendingTotal(Pruning current) {
    long n = current.total();
    for (Pruning p : unapplied) {
      n += p.total();
    }
    return n;
  }

  // One rule's share of work, at most `slice` events, categories at most `overshoot` past their limit left as they
  // are; true when it may have left more.
  private boolean pruneByRules(Connection c, Pruning pruning, int slice, long overshoot) throws SQLException {
    return pruneByAge(c, pruning, slice) || pruneByCount(c, pruning, slice, overshoot)
        || pruneBySize(c, pruning, slice);
  }

  private boolean pruneByAge(Connection c, Pruning pruning, int slice) throws SQLException {
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
    deletes.prefix(c, pruning, through);
    return rows == slice;
  }

  private boolean pruneByCount(Connection c, Pruning pruning, int slice, long overshoot) throws SQLException {
    if (maxPerCategory <= 0) {
      return false;
    }
    for (Map.Entry<String, Long> entry : counts.entrySet()) {
      long excess = entry.getValue() - pending(pruning, entry.getKey()) - maxPerCategory;
      if (excess > overshoot) {
        deletes.oldestOf(c, pruning, entry.getKey(), Math.min(excess, slice));
        return true;
      }
    }
    return false;
  }

  // The oldest events go, about as many as the excess holds, until the store's pages in use fit: freed
  // pages are reused by later writes, so the file stays near maxBytes without a VACUUM.
  private boolean pruneBySize(Connection c, Pruning pruning, int slice) throws SQLException {
    if (maxBytes <= 0) {
      return false;
    }
    long used = usedBytes(c);
    long events = counts.values().stream().mapToLong(Long::longValue).sum() - pendingTotal(pruning);
    if (used <= maxBytes || events <= 0) {
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
        deletes.prefix(c, pruning, rs.getLong(1));
      }
    }
    return true;
  }

  /** The bytes of the store's pages in use (its size less its free pages). */
  static long usedBytes(Connection c) throws SQLException {
    return (Schema.scalar(c, "PRAGMA page_count") - Schema.scalar(c, "PRAGMA freelist_count"))
        * Schema.scalar(c, "PRAGMA page_size");
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
      categoryCounts.prunedMarksChanged();
    }
    try (Statement st = c.createStatement()) {
      st.execute("COMMIT");
    }
    // The floor first: a reader never sees a mark gone without the floor that stands for it.
    prunedFloor = floor;
    forget.forEach(e -> prunedThrough.remove(e.getKey()));
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
