package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's single writer: a thread of its own that takes every queued op, applies them in one
 * transaction and commits once (group commit), so that concurrent appends share one sync. Retention
 * prunes inside each group's transaction, a share the size of the group, and in small steps of its own
 * while nothing is queued, so pruning never holds appends back for long.
 */
final class LogWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

  interface Hooks {
    /** After a group committed (its transaction took {@code nanos}): publish its events, update counters. */
    void committed(List<WriteOp<?>> group, long nanos);

    /** Inside the group's transaction, its ops applied, before its COMMIT: retention's share of the group. */
    void beforeCommit(Connection connection, List<WriteOp<?>> group) throws SQLException;

    /** After the group's transaction rolled back (what beforeCommit did is undone with it). */
    void rolledBack(List<WriteOp<?>> group);

    /** When nothing is queued and retention is due or has a backlog: one bounded step; true if more work remains. */
    boolean pruneStep(Connection connection) throws SQLException;

    /** Milliseconds until retention is due again. */
    long millisUntilPrune();

    /** After each group, no transaction open: short upkeep that needs the writer's connection (the WAL's restart). */
    void betweenGroups(Connection connection);
  }

  // While the store refuses writes, a probe write this often tells when it takes them again.
  private static final long PROBE_MILLIS = 1000;
  // A probe commits this much: enough room for it means room for ordinary events again.
  private static final int PROBE_BYTES = 64 * 1024;

  private final BlockingQueue<WriteOp<?>> queue = new LinkedBlockingQueue<>();
  private final Connection connection;
  private final WriterState state;
  private final int maxBatchEvents;
  private final long maxQueuedEvents;
  private final long maxQueuedBytes;
  private final StoreHealth health;
  private final Hooks hooks;
  // Guarded by this: what the queue holds, to refuse appends beyond the bounds.
  private long queuedEvents;
  private long queuedBytes;
  private long nextProbeAt;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean closing;
  private final Thread thread;
  // Prepared once: executing the SQL text would compile it for every write of every group.
  private PreparedStatement savepoint;
  private PreparedStatement release;
  private PreparedStatement rollbackToSavepoint;

  LogWriter(Connection connection, WriterState state, int maxBatchEvents, long maxQueuedEvents, long maxQueuedBytes,
      StoreHealth health, Hooks hooks) {
    this.connection = connection;
    this.state = state;
    this.maxBatchEvents = maxBatchEvents;
    this.maxQueuedEvents = maxQueuedEvents;
    this.maxQueuedBytes = maxQueuedBytes;
    this.health = health;
    this.hooks = hooks;
    this.thread = new Thread(this, "hub-log-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Queues an op; after {@link #close()} it fails at once with {@code UNAVAILABLE}, and so does a
   * refusable op (an append) when the queue is over its bounds: the store is behind, and a client told
   * to retry later loses nothing, where a queue without bound would take the hub's memory.
   */
  <T> void submit(WriteOp<T> op) {
    HubException refusal;
    boolean queueFull = false;
    synchronized (this) {
      // Under the lock, so that an op is either queued before closing (and written) or failed here.
      if (closing) {
        refusal = new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down");
      } else if (op.refusable() && queuedEvents > 0
          && (queuedEvents + op.weight() > maxQueuedEvents || queuedBytes + op.bytes() > maxQueuedBytes)) {
        refusal = new HubException(ErrorCode.UNAVAILABLE, "the log is behind: " + queuedEvents
            + " events wait to be written (log.maxQueuedEvents " + maxQueuedEvents + ", log.maxQueuedBytes "
            + maxQueuedBytes + "); nothing was recorded, retry later");
        queueFull = true;
      } else {
        queuedEvents += op.weight();
        queuedBytes += op.bytes();
        queue.add(op);
        return;
      }
    }
    if (queueFull) {
      op.refused(StoreHealth.QUEUE_FULL, refusal);
    } else {
      op.failed(refusal);
    }
    finish(op);
  }

  private synchronized void dequeued(WriteOp<?> op) {
    queuedEvents -= op.weight();
    queuedBytes -= op.bytes();
  }

  /** Stops taking ops, finishes the queued ones, and completes when the thread has ended. */
  CompletableFuture<Void> close() {
    synchronized (this) {
      closing = true;
    }
    thread.interrupt();
    return stopped;
  }

  @Override
  public void run() {
    boolean pruneBacklog = false;
    try {
      while (!closing || !queue.isEmpty()) {
        long wait = pruneBacklog ? 0 : Math.max(1, Math.min(hooks.millisUntilPrune(), millisUntilProbe()));
        WriteOp<?> first = poll(wait);
        if (first != null) {
          commitGroup(collectGroup(first));
          hooks.betweenGroups(connection);
        } else if (!closing && millisUntilProbe() <= 0) {
          probe();
        }
        // While ops come, their groups prune (see Hooks.beforeCommit): a step of its own would hold the next group.
        if (!closing && first == null && (pruneBacklog || hooks.millisUntilPrune() <= 0)) {
          pruneBacklog = pruneSafely();
        }
      }
    } finally {
      failRemaining();
      stopped.complete(null);
    }
  }

  private WriteOp<?> poll(long waitMillis) {
    WriteOp<?> op;
    try {
      op = waitMillis == 0 ? queue.poll() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // close() interrupts to wake us; the loop condition decides whether to go on.
      op = queue.poll();
    }
    if (op != null) {
      dequeued(op);
    }
    return op;
  }

  private long millisUntilProbe() {
    return health.fault() == null ? Long.MAX_VALUE : nextProbeAt - System.currentTimeMillis();
  }

  /**
   * While the store refuses writes and nobody writes: commits (and then removes) a probe row, so that
   * the log is known to be writable again, and {@code /ready} says so, without waiting for a publish.
   */
  private void probe() {
    nextProbeAt = System.currentTimeMillis() + PROBE_MILLIS;
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      st.execute("INSERT OR REPLACE INTO probe(id, filler) VALUES(1, zeroblob(" + PROBE_BYTES + "))");
      st.execute("COMMIT");
      st.execute("DELETE FROM probe");
      health.succeeded();
    } catch (SQLException e) {
      // Still failing: the episode goes on, and was logged when it began.
      rollbackQuietly();
    }
  }

  private List<WriteOp<?>> collectGroup(WriteOp<?> first) {
    List<WriteOp<?>> group = new ArrayList<>();
    group.add(first);
    int weight = first.weight();
    WriteOp<?> next;
    while (weight < maxBatchEvents && (next = queue.peek()) != null && weight + next.weight() <= maxBatchEvents) {
      WriteOp<?> taken = queue.poll();
      dequeued(taken);
      group.add(taken);
      weight += taken.weight();
    }
    return group;
  }

  private void commitGroup(List<WriteOp<?>> group) {
    long seqBefore = state.nextSeq;
    long started = System.nanoTime();
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      if (!applyWithoutSavepoints(group)) {
        // One of the writes that need no savepoint failed: undo the group, and apply it again with one
        // savepoint per write, so that the failing one fails alone.
        st.execute("ROLLBACK");
        state.groupRolledBack(seqBefore);
        st.execute("BEGIN IMMEDIATE");
        for (WriteOp<?> op : group) {
          // One that already failed under its savepoint failed for good, and was undone.
          if (!op.hasFailed()) {
            applyOne(op);
          }
        }
      }
      hooks.beforeCommit(connection, group);
      st.execute("COMMIT");
    } catch (SQLException e) {
      failGroup(group, seqBefore, e, health.failed(e));
      return;
    } catch (RuntimeException e) {
      LOG.error("group commit failed; " + group.size() + " writes fail", e);
      failGroup(group, seqBefore, null, new HubException(ErrorCode.INTERNAL, "the log could not commit"));
      return;
    }
    state.groupCommitted();
    health.succeeded();
    for (WriteOp<?> op : group) {
      if (!op.hasFailed()) {
        op.committed(state);
      }
    }
    hooks.committed(group, System.nanoTime() - started);
    group.forEach(this::finish);
  }

  // Nothing of the group was recorded: every write fails, counted as refused when the store caused it.
  private void failGroup(List<WriteOp<?>> group, long seqBefore, SQLException storeFault, HubException error) {
    rollbackQuietly();
    state.groupRolledBack(seqBefore);
    hooks.rolledBack(group);
    for (WriteOp<?> op : group) {
      if (!op.hasFailed()) {
        op.rolledBack(state);
        if (storeFault != null) {
          op.refused(error.code().code(), error);
        } else {
          op.failed(error);
        }
      }
    }
    group.forEach(this::finish);
  }

  private void finish(WriteOp<?> op) {
    if (op.refusal() != null) {
      health.refused(op.refusal(), op.weight());
    }
    op.complete();
  }

  /**
   * Applies the group, with a savepoint only around the writes that may fail on their own (a savepoint
   * makes SQLite keep a copy of every page the write changes); false when a write without one failed.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private boolean applyWithoutSavepoints(List<WriteOp<?>> group) throws SQLException {
    for (WriteOp op : group) {
      if (op.needsSavepoint()) {
        applyOne(op);
        continue;
      }
      try {
        op.applied(op.apply(connection, state));
      } catch (Exception e) {
        if (StoreHealth.isStoreFault(e)) {
          // The store failed, not this write: applying the rest one by one would fail the same way.
          throw (SQLException) e;
        }
        if (!(e instanceof HubException)) {
          LOG.warn("a log write failed; its group is applied again write by write", e);
        }
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private void applyOne(WriteOp op) throws SQLException {
    if (savepoint == null) {
      savepoint = connection.prepareStatement("SAVEPOINT op");
      release = connection.prepareStatement("RELEASE op");
      rollbackToSavepoint = connection.prepareStatement("ROLLBACK TO op");
    }
    savepoint.execute();
    try {
      op.applied(op.apply(connection, state));
      release.execute();
    } catch (Exception e) {
      rollbackToSavepoint.execute();
      release.execute();
      if (StoreHealth.isStoreFault(e)) {
        throw (SQLException) e;
      }
      op.rolledBack(state);
      op.failed(e instanceof HubException ? e : new HubException(ErrorCode.INTERNAL, "write failed: " + e.getMessage()));
      if (!(e instanceof HubException)) {
        LOG.warn("a log write failed and was rolled back", e);
      }
    }
  }

  private boolean pruneSafely() {
    try {
      return hooks.pruneStep(connection);
    } catch (SQLException | RuntimeException e) {
      if (health.fault() == null) {
        LOG.warn("retention step failed; retrying at the next interval", e);
      }
      rollbackQuietly();
      return false;
    }
  }

  private void rollbackQuietly() {
    try (Statement st = connection.createStatement()) {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      } else {
        st.execute("ROLLBACK");
      }
    } catch (SQLException ignored) {
      // Nothing was open.
    }
  }

  private void failRemaining() {
    WriteOp<?> op;
    while ((op = queue.poll()) != null) {
      dequeued(op);
      op.failed(new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
      op.complete();
    }
  }
}
