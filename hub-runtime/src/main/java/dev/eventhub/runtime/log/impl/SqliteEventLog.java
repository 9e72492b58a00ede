package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.config.PrivateFiles;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import dev.eventhub.runtime.log.LogStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The log on SQLite in WAL mode (see docs/adr/0001-event-log-store.md): one writer thread doing group
 * commits, reads on a small pool of read-only connections that never wait for the writer.
 */
public class SqliteEventLog implements EventLog {

  final Vertx vertx;
  private final LogOptions options;
  final Cursors cursors;
  private final EventReader reader;
  final LogWriter writer;
  private final Retention retention;
  private final CategoryCounts categoryCounts;
  private final Map<String, Long> counts;
  private final Map<String, Long> prunedThrough;
  final WriterState writerState;
  private final StoreHealth health = new StoreHealth();
  private volatile Consumer<Set<String>> emptiedListener = categories -> {};
  private final ReadPool readPool;
  private final Connection writeConnection;
  private final CommitHooks hooks;
  // Issue 24: WAL checkpoints on a thread of their own, not in the writer's commits.
  private final WalCheckpointer checkpointer;
  private volatile long committedSeq;

  /** A log on {@code writeConnection}, its writer not yet started; {@code cursors} null: a single node's. */
  SqliteEventLog(Vertx vertx, LogOptions options, Connection writeConnection, Consumer<List<HubEvent>> onRecorded,
      Cursors cursors) throws SQLException {
    this.vertx = vertx;
    this.options = options;
    this.writeConnection = writeConnection;
    this.cursors = cursors != null ? cursors : new Cursors(Schema.epoch(writeConnection));
    this.reader = new EventReader(this.cursors);
    this.categoryCounts = CategoryCounts.load(writeConnection);
    this.counts = categoryCounts.map();
    this.prunedThrough = Retention.loadPruned(writeConnection);
    long prunedFloor = Retention.loadFloor(writeConnection);
    long maxPruned = Math.max(prunedFloor, prunedThrough.values().stream().mapToLong(Long::longValue).max().orElse(0));
    // Never reuse a sequence number, even when retention removed the newest events.
    this.committedSeq = Math.max(Schema.scalar(writeConnection, "SELECT max(seq) FROM events"), maxPruned);
    // Timestamps never decrease along the log (the writer and the applier take the max with the last one), so the
    // newest rows hold the highest: max(ts) over the whole table read every row of it at every start (ts has no index).
    long lastTs = Schema.scalar(writeConnection,
        "SELECT max(ts) FROM (SELECT ts FROM events ORDER BY seq DESC LIMIT 1000)");
    LogOptions.Limits limits = options.limits();
    this.retention = new Retention(options.maxAge(), options.maxEventsPerCategory(), limits.maxStoredBytes(),
        options.pruneInterval(), categoryCounts, prunedThrough, limits.maxCategories(), prunedFloor,
        categories -> emptiedListener.accept(categories));
    this.writerState = new WriterState(committedSeq + 1, lastTs, counts, limits.maxCategories());
    this.hooks = new CommitHooks(categoryCounts, retention, onRecorded, this::recordedThrough);
    this.writer = new LogWriter(writeConnection, writerState, options.maxBatchEvents(), limits.maxQueuedEvents(),
        limits.maxQueuedBytes(), health, hooks);
    this.readPool = new ReadPool(vertx, options.dir(), "hub-log-reader-" + System.identityHashCode(this));
    this.checkpointer = WalCheckpointer.open(options.dir(), writeConnection, options.syncFull(),
        WalCheckpointer.DEFAULT_THRESHOLD_BYTES);
    hooks.onCommittedBytes(checkpointer::committed);
    hooks.onBetweenGroups(checkpointer::restartIfWanted);
  }

  /** Starts the writer thread and the WAL checkpointer's. */
  void startWriting() {
    checkpointer.start();
    writer.start();
  }

  /** WAL checkpoints run so far by the checkpointer's thread (a test seam). */
  long checkpoints() {
    return checkpointer.checkpoints();
  }

  /** Opens the log; the store is created on first use. */
  public static Future<EventLog> open(Vertx vertx, LogOptions options, Consumer<List<HubEvent>> onRecorded) {
    return vertx.executeBlocking(() -> {
      Connection c = connect(options, false);
      try {
        SqliteEventLog log = new SqliteEventLog(vertx, options, c, onRecorded, null);
        log.startWriting();
        return (EventLog) log;
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    });
  }

  /** The writer's connection to the store in {@code options.dir()}, created 0600 on first use. Blocks. */
  static Connection connect(LogOptions options, boolean clustered) throws IOException, SQLException {
    PrivateFiles.createDirectory(options.dir());
    // Created 0600 before SQLite opens it: its WAL and shared-memory files take the same mode.
    PrivateFiles.createFile(options.dir().resolve(Schema.FILE));
    return Schema.writer(options.dir(), options.syncFull(), clustered);
  }

  // Called by the commit hooks on the writer thread: the newest sequence number readers may ask after.
  void recordedThrough(long seq) {
    committedSeq = Math.max(committedSeq, seq);
  }

  /** Whether the log holds events of {@code category}. */
  boolean holdsCategory(String category) {
    return counts.containsKey(category);
  }

  /** How many categories the log holds events of. */
  int categoryCount() {
    return counts.size();
  }

  /** The newest sequence number recorded (or, in a cluster, applied through). */
  long committedSeq() {
    return committedSeq;
  }

  @Override
  public Future<List<Appended>> append(List<EventDraft> drafts) {
    if (drafts.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    AppendOp op = new AppendOp(vertx.getOrCreateContext(), List.copyOf(drafts), cursors);
    writer.submit(op);
    return op.future();
  }

  @Override
  public Future<EventPage> read(EventQuery query) {
    long since = query.since() == null ? 0 : cursors.parse(query.since());
    if (since == Cursors.UNKNOWN || since > committedSeq) {
      return Future.succeededFuture(new EventPage(List.of(), query.since(), false, false));
    }
    return onReader(c -> {
      // Issue 24: a filter no index serves (events, keys, attributes) reads at most maxScanRows rows per page, whatever
      // the log's size.
      long scanEnd = EventReader.needsScanBudget(query.filter())
          ? reader.scanEnd(c, query.filter(), since, options.limits().maxScanRows()) : -1;
      EventReader.Slice slice = reader.after(c, query.filter(), since, scanEnd < 0 ? Long.MAX_VALUE : scanEnd,
          query.limit() + 1, options.limits().maxPageBytes());
      List<HubEvent> events = slice.events();
      boolean full = slice.cut() || events.size() > query.limit();
      if (events.size() > query.limit()) {
        events = events.subList(0, query.limit());
      }
      String next = events.isEmpty() ? cursors.format(since) : events.get(events.size() - 1).cursor();
      // A page cut short by its byte budget says so as a full one does: more follows after 'next'. One that read
      // its whole scan window goes on after the window, even if it holds fewer events than asked, or none.
      boolean more = full || scanEnd >= 0;
      if (!full && scanEnd >= 0) {
        next = cursors.format(scanEnd);
      }
      boolean complete = query.since() == null || !missedAfter(query.filter(), since);
      return new EventPage(events, next, more, complete);
    });
  }

  @Override
  public Future<EventPage> last(EventFilter filter, int count) {
    if (count < 1 || count > EventQuery.MAX_LIMIT) {
      return Future.failedFuture(HubException.badRequest("'last' must be 1 to " + EventQuery.MAX_LIMIT));
    }
    long head = committedSeq;
    return onReader(c -> {
      List<HubEvent> events = reader.newest(c, filter, count, options.limits().maxPageBytes());
      String next = events.isEmpty() ? cursors.format(head) : events.get(events.size() - 1).cursor();
      return new EventPage(events, next, false, true);
    });
  }

  @Override
  public Future<HubEvent> find(String category, String id) {
    if (category == null || id == null) {
      return Future.failedFuture(HubException.badRequest("a category and an id are required"));
    }
    return onReader(c -> reader.byId(c, category, id));
  }

  @Override
  public Future<String> head() {
    return Future.succeededFuture(cursors.format(committedSeq));
  }

  @Override
  public PluginStorage storage(String namespace) {
    return new SqlitePluginStorage(namespace, this);
  }

  @Override
  public Future<Long> prune() {
    Promise<Long> done = Promise.promise();
    long before = retention.prunedTotal();
    retention.dueNow();
    // A no-op write queued behind the retention run tells us when it has finished.
    awaitRetention(before, done);
    return done.future();
  }

  private void awaitRetention(long before, Promise<Long> done) {
    SqlOp<Void> probe = new SqlOp<>(vertx.getOrCreateContext(), c -> null);
    writer.submit(probe);
    probe.future().onComplete(ar -> {
      if (retention.millisUntilDue() > 0) {
        done.complete(retention.prunedTotal() - before);
      } else {
        vertx.setTimer(5, t -> awaitRetention(before, done));
      }
    });
  }

  @Override
  public LogStats stats() {
    Map<String, Long> perCategory = new TreeMap<>(counts);
    long total = perCategory.values().stream().mapToLong(Long::longValue).sum();
    return new LogStats(total, perCategory, hooks.appended(), hooks.commits(), retention.prunedTotal(), fileBytes(),
        health.refusedCounts());
  }

  @Override
  public String storageFault() {
    HubException fault = health.fault();
    return fault == null ? null : fault.code().code();
  }

  @Override
  public void onCommit(java.util.function.LongConsumer listener) {
    hooks.onCommit(listener);
  }

  @Override
  public void onCategoriesEmptied(Consumer<Set<String>> listener) {
    this.emptiedListener = listener;
  }

  /**
   * A test seam: caps the store at {@code pages} pages (SQLite's {@code max_page_count}), so that it is
   * full on demand without a full disk; a high value lifts the cap. Completes with the cap in force.
   * Applies to the writer's connection only, for as long as the log is open.
   */
  Future<Long> maxPageCount(long pages) {
    return onWriter(c -> {
      long current = Schema.scalar(c, "PRAGMA page_count");
      return Schema.scalar(c, "PRAGMA max_page_count = " + Math.max(pages, current));
    });
  }

  @Override
  public Future<Void> close() {
    Promise<Void> closed = Promise.promise();
    checkpointer.close().thenCompose(v -> writer.close()).whenComplete((v, e) -> {
      // The writer has ended: its connection is ours now.
      categoryCounts.writeAtClose();
      closeQuietly(writeConnection);
      readPool.close();
      closed.complete();
    });
    return closed.future();
  }

  <T> Future<T> onReader(SqlOp.Body<T> body) {
    return readPool.run(body);
  }

  <T> Future<T> onWriter(SqlOp.Body<T> body) {
    SqlOp<T> op = new SqlOp<>(vertx.getOrCreateContext(), body);
    writer.submit(op);
    return op.future();
  }

  private boolean missedAfter(EventFilter filter, long since) {
    if (since < retention.prunedFloor()) {
      return true;
    }
    for (Map.Entry<String, Long> e : prunedThrough.entrySet()) {
      if (e.getValue() > since && filter.matchesCategory(e.getKey())) {
        return true;
      }
    }
    return false;
  }

  private long fileBytes() {
    long total = 0;
    for (String name : List.of(Schema.FILE, Schema.FILE + "-wal")) {
      Path p = options.dir().resolve(name);
      try {
        total += Files.exists(p) ? Files.size(p) : 0;
      } catch (IOException e) {
        // A file rotated away under us: count what is left.
      }
    }
    return total;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing; nothing to do about it.
    }
  }
}
