package dev.eventhub.runtime.log.impl;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * Copies the WAL back into the database file on a thread and connection of its own (issue 24 item 7), so that
 * the log's writer, its serial stage, never does: by default SQLite checkpoints inside the commit that takes the
 * WAL past 1,000 pages, on the committing connection, writing those pages to the database and fsyncing it while
 * every waiting append waits too. The writer's connection has {@code wal_autocheckpoint} off; its commits are
 * fsynced as before ({@code log.sync}), and a checkpoint syncs the WAL before it copies and the database after.
 *
 * <p>A {@code PASSIVE} checkpoint runs beside the writer without taking its lock, and copies the bulk of the WAL.
 * The WAL is written from its start again only when the writer begins a transaction while all of it has been
 * copied; under a steady load a passive checkpoint never finishes before the writer's next group, so the WAL would
 * grow without bound. Once it holds {@link #RESTART_FACTOR} times the threshold, this thread asks the writer for a
 * {@code RESTART} checkpoint, which the writer runs between two groups ({@link #restartIfWanted}): it copies the
 * little written since the passive one, then waits at most {@link #RESTART_WAIT_MILLIS} for readers of older
 * snapshots, and makes the writer's next group start the WAL over. Run from another connection, a RESTART must
 * catch the writer between two groups to take its lock (rarely, under a load that never pauses) and then holds
 * that lock while it waits for readers (an operator's {@code .backup} reads for minutes). One that cannot finish
 * is asked for again after a backoff that doubles up to {@link #MAX_RESTART_BACKOFF_MILLIS}.
 */
final class WalCheckpointer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
  /** SQLite's own default: 1,000 pages of 4 KiB. */
  static final long DEFAULT_THRESHOLD_BYTES = 4L << 20;
  static final int RESTART_FACTOR = 4;
  static final int RESTART_WAIT_MILLIS = 100;
  static final long MIN_RESTART_BACKOFF_MILLIS = 1_000;
  static final long MAX_RESTART_BACKOFF_MILLIS = 32_000;
  // With nothing committed, a checkpoint left incomplete by a reader is tried again this often.
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Connection connection;
  private final long pageSize;
  private final long thresholdBytes;
  private final Thread thread;
  // Payload bytes committed since the last wake-up: the writer wakes this thread once per half threshold's worth.
  private final AtomicLong committedBytes = new AtomicLong();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private final AtomicLong checkpoints = new AtomicLong();
  private volatile boolean closing;
  // Set by this thread, run and cleared by the writer's (restartIfWanted).
  private volatile boolean restartWanted;
  // Writer thread writes, this thread reads: no RESTART is asked for before this time (the backoff after one that
  // could not finish); the backoff itself is the writer thread's.
  private volatile long restartNotBefore;
  private long restartBackoffMillis;

  private WalCheckpointer(Connection connection, long thresholdBytes) throws SQLException {
    this.connection = connection;
    this.pageSize = Schema.scalar(connection, "PRAGMA page_size");
    this.thresholdBytes = thresholdBytes;
    this.thread = new Thread(this, "hub-log-checkpointer");
    this.thread.setDaemon(true);
  }

  /**
   * Turns the writer's own checkpoints off and opens this thread's connection to the store in {@code dir}. Blocks.
   *
   * @param writer the log writer's connection
   */
  static WalCheckpointer open(Path dir, Connection writer, boolean syncFull, long thresholdBytes) throws SQLException {
    try (Statement st = writer.createStatement()) {
      st.execute("PRAGMA wal_autocheckpoint = 0");
    }
    SQLiteConfig config = new SQLiteConfig();
    // Read at open: until a connection has read the database's header it does not know the store is in WAL mode,
    // and a checkpoint on it does nothing.
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(syncFull ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
    // Passive checkpoints never wait (SQLite calls no busy handler for them).
    config.setBusyTimeout(10_000);
    // Only this thread uses the connection (opened here, then the thread alone, closed after it ended).
    config.setOpenMode(SQLiteOpenMode.NOMUTEX);
    Connection c = config.createConnection("jdbc:sqlite:" + dir.resolve(Schema.FILE));
    try {
      return new WalCheckpointer(c, thresholdBytes);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  void start() {
    thread.start();
  }

  /** Called by the writer after each commit: cheap; wakes the thread once per half threshold's worth of payload. */
  void committed(long payloadBytes) {
    // The WAL holds more than the payload (whole pages, the indexes): half the threshold in payload is due.
    if (committedBytes.addAndGet(Math.max(payloadBytes, 1)) >= thresholdBytes / 2) {
      committedBytes.set(0);
      LockSupport.unpark(thread);
    }
  }

  /** Checkpoints run so far (a test seam). */
  long checkpoints() {
    return checkpoints.get();
  }

  /**
   * On the writer's thread, between two groups (no transaction open): runs the {@code RESTART} checkpoint this
   * thread asked for, if any, waiting at most {@link #RESTART_WAIT_MILLIS} for readers.
   */
  void restartIfWanted(Connection writer) {
    if (!restartWanted) {
      return;
    }
    restartWanted = false;
    boolean finished = false;
    try (Statement st = writer.createStatement()) {
      long busyTimeout = Schema.scalar(writer, "PRAGMA busy_timeout");
      st.execute("PRAGMA busy_timeout = " + RESTART_WAIT_MILLIS);
      try {
        finished = checkpoint(writer, "RESTART")[0] == 0;
      } finally {
        st.execute("PRAGMA busy_timeout = " + busyTimeout);
      }
    } catch (SQLException e) {
      // The store failing is the writer's to report (StoreHealth) at its next group.
      LOG.debug("WAL restart failed; asked for again later", e);
    }
    restartBackoffMillis = finished ? 0
        : Math.min(MAX_RESTART_BACKOFF_MILLIS, Math.max(MIN_RESTART_BACKOFF_MILLIS, 2 * restartBackoffMillis));
    restartNotBefore = System.currentTimeMillis() + restartBackoffMillis;
  }

  @Override
  public void run() {
    try {
      while (!closing) {
        LockSupport.parkNanos(this, IDLE_NANOS);
        if (!closing) {
          checkpointSafely();
        }
      }
    } finally {
      closeQuietly();
      stopped.complete(null);
    }
  }

  private void checkpointSafely() {
    try {
      long[] passive = checkpoint(connection, "PASSIVE");
      if (passive[1] * pageSize >= thresholdBytes * RESTART_FACTOR && System.currentTimeMillis() >= restartNotBefore) {
        restartWanted = true;
      }
    } catch (SQLException e) {
      // The store failing is the writer's to report (StoreHealth); this thread tries again at its next wake-up.
      LOG.debug("WAL checkpoint failed; retried later", e);
    }
  }

  // SQLite's answer: busy (1 when it could not finish), frames in the WAL, frames copied to the database.
  private long[] checkpoint(Connection c, String mode) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      long[] result = rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : new long[] {0, -1, -1};
      // -1 frames: the connection does not see a WAL (not in WAL mode): nothing was checkpointed.
      if (result[1] >= 0) {
        checkpoints.incrementAndGet();
      }
      return result;
    }
  }

  /** Stops the thread and closes its connection; completes when both are done. */
  CompletableFuture<Void> close() {
    closing = true;
    if (thread.isAlive()) {
      LockSupport.unpark(thread);
    } else {
      // Never started (the log failed to open).
      closeQuietly();
      stopped.complete(null);
    }
    return stopped;
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Closing; nothing to do about it.
    }
  }
}
