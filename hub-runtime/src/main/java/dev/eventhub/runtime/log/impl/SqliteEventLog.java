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
import dev.eventhub.runtime.log.DocumentChange;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogListener;
import dev.eventhub.runtime.log.ReplicaLog;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The log on SQLite in WAL mode (see docs/adr/0001-event-log-store.md): one writer thread doing group
 * commits, reads on a small pool of read-only connections that never wait for the writer.
 */
public final class SqliteEventLog implements ReplicaLog {

  private final Vertx vertx;
  private final LogOptions options;
  private final Cursors cursors;
  private final EventReader reader;
  private final LogWriter writer;
  private final Retention retention;
  private final Map<String, Long> counts;
  private final Map<String, Long> prunedThrough;
  private final LogListener listener;
  private final WriterState writerState;
  private final StoreHealth health = new StoreHealth();
  private volatile Consumer<Set<String>> emptiedListener = categories -> {};
  private final ReadPool readPool;
  private final Connection writeConnection;
  private final AtomicLong appended = new AtomicLong();
  private final AtomicLong commits = new AtomicLong();
  private volatile long committedSeq;

  private SqliteEventLog(Vertx vertx, LogOptions options, Connection writeConnection, LogListener listener)
      throws SQLException {
    this.vertx = vertx;
    this.options = options;
    this.writeConnection = writeConnection;
    this.listener = listener;
    this.cursors = new Cursors(Schema.epoch(writeConnection));
    this.reader = new EventReader(cursors);
    this.counts = Retention.loadCounts(writeConnection);
    this.prunedThrough = Retention.loadPruned(writeConnection);
    long prunedFloor = Retention.loadFloor(writeConnection);
    long maxPruned = Math.max(prunedFloor, prunedThrough.values().stream().mapToLong(Long::longValue).max().orElse(0));
    // Never reuse a sequence number, even when retention removed the newest events.
    this.committedSeq = Math.max(Schema.scalar(writeConnection, "SELECT max(seq) FROM events"), maxPruned);
    long lastTs = Schema.scalar(writeConnection, "SELECT max(ts) FROM events");
    LogOptions.Limits limits = options.limits();
    this.retention = new Retention(options.maxAge(), options.maxEventsPerCategory(), limits.maxStoredBytes(),
        options.pruneInterval(), counts, prunedThrough, limits.maxCategories(), prunedFloor,
        categories -> emptiedListener.accept(categories));
    this.writerState = new WriterState(committedSeq + 1, lastTs, counts, limits.maxCategories());
    this.writer = new LogWriter(writeConnection, writerState, options.maxBatchEvents(), limits.maxQueuedEvents(),
        limits.maxQueuedBytes(), health, new Hooks());
    this.readPool = new ReadPool(vertx, options.dir(), "hub-log-reader-" + System.identityHashCode(this));
  }

  /** Opens the log; the store is created on first use. */
  public static Future<EventLog> open(Vertx vertx, LogOptions options, Consumer<List<HubEvent>> onRecorded) {
    return openReplica(vertx, options, (events, replicated) -> onRecorded.accept(events)).map(l -> l);
  }

  /** Opens the log with the operations a cluster needs; {@code listener} hears of every commit. */
  public static Future<ReplicaLog> openReplica(Vertx vertx, LogOptions options, LogListener listener) {
    return vertx.executeBlocking(() -> {
      PrivateFiles.createDirectory(options.dir());
      // Created 0600 before SQLite opens it: its WAL and shared-memory files take the same mode.
      PrivateFiles.createFile(options.dir().resolve(Schema.FILE));
      Connection c = Schema.writer(options.dir(), options.syncFull());
      try {
        SqliteEventLog log = new SqliteEventLog(vertx, options, c, listener);
        log.writer.start();
        return (ReplicaLog) log;
      } catch (SQLException | RuntimeException e) {
        c.close();
        throw e;
      }
    });
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
      EventReader.Slice slice = reader.after(c, query.filter(), since, query.limit() + 1,
          options.limits().maxPageBytes());
      List<HubEvent> events = slice.events();
      // A page cut short by its byte budget says so as a full one does: more follows after 'next'.
      boolean more = slice.cut() || events.size() > query.limit();
      if (events.size() > query.limit()) {
        events = events.subList(0, query.limit());
      }
      String next = events.isEmpty() ? cursors.format(since) : events.get(events.size() - 1).cursor();
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
  public int epoch() {
    return cursors.epoch();
  }

  @Override
  public long headSeq() {
    return committedSeq;
  }

  @Override
  public String cursorOf(long seq) {
    return cursors.format(seq);
  }

  @Override
  public long seqOf(String cursor) {
    return cursors.parse(cursor);
  }

  @Override
  public Future<Void> adoptEpoch(int epoch) {
    if (epoch == cursors.epoch()) {
      return Future.succeededFuture();
    }
    return onWriter(c -> {
      if (committedSeq != 0 || Schema.scalar(c, "SELECT count(*) FROM events") != 0) {
        throw new HubException(dev.eventhub.api.ErrorCode.CONFLICT, "this log holds events of epoch "
            + Integer.toHexString(cursors.epoch()) + "; it cannot take epoch " + Integer.toHexString(epoch));
      }
      Schema.setMeta(c, "epoch", Integer.toString(epoch));
      cursors.adopt(epoch);
      return null;
    });
  }

  @Override
  public Future<Void> appendReplicated(List<HubEvent> events, boolean gapsAllowed) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    ReplicaAppendOp op = new ReplicaAppendOp(vertx.getOrCreateContext(), List.copyOf(events), cursors, gapsAllowed);
    writer.submit(op);
    return op.future();
  }

  @Override
  public Future<List<HubEvent>> eventsAfter(long seq, int limit) {
    return onReader(c -> reader.after(c, EventFilter.all(), seq, limit));
  }

  @Override
  public Future<Void> truncateAfter(long seq) {
    return onWriter(c -> {
      try (var ps = c.prepareStatement("DELETE FROM events WHERE seq > ?")) {
        ps.setLong(1, seq);
        ps.executeUpdate();
      }
      writerState.nextSeq = seq + 1;
      Map<String, Long> fresh = Retention.loadCounts(c);
      counts.keySet().retainAll(fresh.keySet());
      counts.putAll(fresh);
      committedSeq = seq;
      return null;
    });
  }

  @Override
  public Future<Void> applyDocuments(List<DocumentChange> changes) {
    List<DocumentChange> copy = List.copyOf(changes);
    return onWriter(c -> {
      for (DocumentChange change : copy) {
        SqlitePluginStorage.apply(c, change);
        writerState.documents.add(new WriterState.PendingDocument(change, true));
      }
      return null;
    });
  }

  @Override
  public Future<List<DocumentChange>> allDocuments() {
    return onReader(SqlitePluginStorage::all);
  }

  @Override
  public Future<Void> replaceDocuments(List<DocumentChange> documents) {
    List<DocumentChange> copy = List.copyOf(documents);
    return onWriter(c -> {
      try (var st = c.createStatement()) {
        st.execute("DELETE FROM documents");
      }
      for (DocumentChange change : copy) {
        SqlitePluginStorage.apply(c, change);
      }
      return null;
    });
  }

  /** Called by plugin storage on the writer thread, after a write: replicated with the group's commit. */
  void documentWritten(DocumentChange change) {
    writerState.documents.add(new WriterState.PendingDocument(change, false));
  }

  @Override
  public LogStats stats() {
    Map<String, Long> perCategory = new TreeMap<>(counts);
    long total = perCategory.values().stream().mapToLong(Long::longValue).sum();
    return new LogStats(total, perCategory, appended.get(), commits.get(), retention.prunedTotal(), fileBytes(),
        health.refusedCounts());
  }

  @Override
  public String storageFault() {
    HubException fault = health.fault();
    return fault == null ? null : fault.code().code();
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
    writer.close().whenComplete((v, e) -> {
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

  private final class Hooks implements LogWriter.Hooks {
    @Override
    public void committed(List<WriteOp<?>> group) {
      List<HubEvent> recorded = new ArrayList<>();
      List<HubEvent> replicated = new ArrayList<>();
      for (WriteOp<?> op : group) {
        if (op instanceof AppendOp append && !op.hasFailed()) {
          recorded.addAll(append.created());
        } else if (op instanceof ReplicaAppendOp replica && !op.hasFailed()) {
          replicated.addAll(replica.created());
        }
      }
      commits.incrementAndGet();
      count(recorded, false);
      count(replicated, true);
      documentsCommitted();
    }

    private void documentsCommitted() {
      if (writerState.documents.isEmpty()) {
        return;
      }
      List<DocumentChange> local = new ArrayList<>();
      List<DocumentChange> replicated = new ArrayList<>();
      for (WriterState.PendingDocument d : writerState.documents) {
        (d.replicated() ? replicated : local).add(d.change());
      }
      writerState.documents.clear();
      if (!local.isEmpty()) {
        listener.documentsChanged(local, false);
      }
      if (!replicated.isEmpty()) {
        listener.documentsChanged(replicated, true);
      }
    }

    private void count(List<HubEvent> recorded, boolean fromReplica) {
      if (recorded.isEmpty()) {
        return;
      }
      // Per run of one category (a batch is usually one): the map is shared with readers of the figures.
      String category = recorded.get(0).category();
      long run = 0;
      for (HubEvent e : recorded) {
        if (!e.category().equals(category)) {
          counts.merge(category, run, Long::sum);
          category = e.category();
          run = 0;
        }
        run++;
      }
      counts.merge(category, run, Long::sum);
      appended.addAndGet(recorded.size());
      committedSeq = cursors.parse(recorded.get(recorded.size() - 1).cursor());
      listener.recorded(recorded, fromReplica);
    }

    @Override
    public boolean pruneStep(Connection connection) throws SQLException {
      return retention.step(connection);
    }

    @Override
    public long millisUntilPrune() {
      return retention.millisUntilDue();
    }
  }
}
