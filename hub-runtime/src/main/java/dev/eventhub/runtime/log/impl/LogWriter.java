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
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log's single writer: a thread of its own that takes every queued op, applies them in one
 * transaction and commits once (group commit), so that concurrent appends share one sync. Between
 * groups it runs retention in small steps, so pruning never holds appends back for long.
 */
final class LogWriter implements Runnable {
  private static final Logger LOG = Logger.getLogger(LogWriter.class.getName());

  interface Hooks {
    /** After a group committed: publish its events, update counters. */
    void committed(List<WriteOp<?>> group);

    /** When idle or due: one bounded step of retention; true if more work remains. */
    boolean pruneStep(Connection connection) throws SQLException;

    /** Milliseconds until retention is due again. */
    long millisUntilPrune();
  }

  private final BlockingQueue<WriteOp<?>> queue = new LinkedBlockingQueue<>();
  private final Connection connection;
  private final WriterState state;
  private final int maxBatchEvents;
  private final Hooks hooks;
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean closing;
  private final Thread thread;
  // Prepared once: executing the SQL text would compile it for every write of every group.
  private PreparedStatement savepoint;
  private PreparedStatement release;
  private PreparedStatement rollbackToSavepoint;

  LogWriter(Connection connection, WriterState state, int maxBatchEvents, Hooks hooks) {
    this.connection = connection;
    this.state = state;
    this.maxBatchEvents = maxBatchEvents;
    this.hooks = hooks;
    this.thread = new Thread(this, "hub-log-writer");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Queues an op; after {@link #close()} it fails at once with {@code UNAVAILABLE}. */
  <T> void submit(WriteOp<T> op) {
    synchronized (this) {
      // Under the lock, so that an op is either queued before closing (and written) or failed here.
      if (!closing) {
        queue.add(op);
        return;
      }
    }
    op.failed(new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
    op.complete();
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
        long wait = pruneBacklog ? 0 : Math.max(1, hooks.millisUntilPrune());
        WriteOp<?> first = poll(wait);
        if (first != null) {
          commitGroup(collectGroup(first));
        }
        if (!closing && (pruneBacklog || hooks.millisUntilPrune() <= 0)) {
          pruneBacklog = pruneSafely();
        }
      }
    } finally {
      failRemaining();
      stopped.complete(null);
    }
  }

  private WriteOp<?> poll(long waitMillis) {
    try {
      return waitMillis == 0 ? queue.poll() : queue.poll(waitMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      // close() interrupts to wake us; the loop condition decides whether to go on.
      return queue.poll();
    }
  }

  private List<WriteOp<?>> collectGroup(WriteOp<?> first) {
    List<WriteOp<?>> group = new ArrayList<>();
    group.add(first);
    int weight = first.weight();
    WriteOp<?> next;
    while (weight < maxBatchEvents && (next = queue.peek()) != null && weight + next.weight() <= maxBatchEvents) {
      group.add(queue.poll());
      weight += next.weight();
    }
    return group;
  }

  private void commitGroup(List<WriteOp<?>> group) {
    long seqBefore = state.nextSeq;
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      if (!applyWithoutSavepoints(group)) {
        // One of the writes that need no savepoint failed: undo the group, and apply it again with one
        // savepoint per write, so that the failing one fails alone.
        st.execute("ROLLBACK");
        state.nextSeq = seqBefore;
        state.documents.clear();
        st.execute("BEGIN IMMEDIATE");
        for (WriteOp<?> op : group) {
          // One that already failed under its savepoint failed for good, and was undone.
          if (!op.hasFailed()) {
            applyOne(op);
          }
        }
      }
      st.execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.SEVERE, "group commit failed; " + group.size() + " writes fail", e);
      rollbackQuietly();
      state.nextSeq = seqBefore;
      state.documents.clear();
      for (WriteOp<?> op : group) {
        if (!op.hasFailed()) {
          op.rolledBack(state);
          op.failed(new HubException(ErrorCode.INTERNAL, "the log could not commit: " + e.getMessage()));
        }
      }
      group.forEach(WriteOp::complete);
      return;
    }
    for (WriteOp<?> op : group) {
      if (!op.hasFailed()) {
        op.committed(state);
      }
    }
    hooks.committed(group);
    group.forEach(WriteOp::complete);
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
        LOG.log(Level.WARNING, "a log write failed; its group is applied again write by write", e);
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
    int documentsBefore = state.documents.size();
    try {
      op.applied(op.apply(connection, state));
      release.execute();
    } catch (Exception e) {
      rollbackToSavepoint.execute();
      release.execute();
      state.documents.subList(documentsBefore, state.documents.size()).clear();
      op.rolledBack(state);
      op.failed(e instanceof HubException ? e : new HubException(ErrorCode.INTERNAL, "write failed: " + e.getMessage()));
      if (!(e instanceof HubException)) {
        LOG.log(Level.WARNING, "a log write failed and was rolled back", e);
      }
    }
  }

  private boolean pruneSafely() {
    try {
      return hooks.pruneStep(connection);
    } catch (SQLException | RuntimeException e) {
      LOG.log(Level.WARNING, "retention step failed; retrying at the next interval", e);
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
      op.failed(new HubException(ErrorCode.UNAVAILABLE, "the hub is shutting down"));
      op.complete();
    }
  }
}
