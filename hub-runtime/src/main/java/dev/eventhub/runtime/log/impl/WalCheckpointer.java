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
 * grow without bound. Once it holds {@link #RESTART_FACTOR} times the threshold, this thread runs a {@code RESTART}
 * checkpoint after the passive one: it copies the little written meanwhile, waits for the writer's group under way
 * (the writer's busy timeout covers that wait, and the writer waits for it in turn), and makes the writer's next
 * group start the WAL over. It gives up after {@link #RESTART_WAIT_MILLIS} (a reader of an older snapshot would
 * otherwise hold the writer for as long as it reads) and is tried again after a backoff of wake-ups. The writer so
 * waits once per that much WAL for a short copy and the database's sync,
 * where it used to copy all of it itself.
 */
final class WalCheckpointer implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
  /** SQLite's own default: 1,000 pages of 4 KiB. */
  static final long DEFAULT_THRESHOLD_BYTES = 4L << 20;
  static final int RESTART_FACTOR = 4;
  static final int RESTART_WAIT_MILLIS = 1_000;
  // After a RESTART that could not finish (a reader kept an older snapshot), this many wake-ups pass without one,
  // doubling up to MAX_RESTART_SKIP while they keep failing: a long reader costs the writer one short wait now and
  // then, not one per wake-up.
  private static final int MAX_RESTART_SKIP = 32;
  // With nothing committed, a checkpoint left incomplete by a reader is tried again this often.
  private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Connection connection;
  private final long pageSize;
  private final long thresholdBytes;
  private final Thread thread;
  // Payload bytes committed since the last wake-up: the writer wakes this thread once per half threshold's worth.
  private final AtomicLong committedBytes = new AtomicLong();
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();
  private volatile boolean closing;
  private volatile long checkpoints;
  // This thread only: the backoff of RESTART checkpoints that could not finish.
  private int restartSkip;
  private int restartsToSkip;

  private WalCheckpointer(Connection connection, long thresholdBytes) throws SQLException {
    this.connection = connection;
    this.pageSize = pageSize(connection);
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
    // How long a RESTART checkpoint waits, for the writer's group under way (a large group's fsync can take a good
    // part of a second on a busy disk) and then for readers of older snapshots, while it holds the writer's lock:
    // bounded, so that a slow reader delays a group by at most this, and backed off after (the WAL grows meanwhile).
    config.setBusyTimeout(RESTART_WAIT_MILLIS);
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

  private static long pageSize(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA page_size")) {
      return rs.next() ? rs.getLong(1) : 4096;
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
    return checkpoints;
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
      long[] passive = checkpoint("PASSIVE");
      if (passive[1] * pageSize < thresholdBytes * RESTART_FACTOR) {
        return;
      }
      if (restartsToSkip > 0) {
        restartsToSkip--;
        return;
      }
      boolean finished = checkpoint("RESTART")[0] == 0;
      restartSkip = finished ? 0 : Math.min(MAX_RESTART_SKIP, Math.max(1, restartSkip * 2));
      restartsToSkip = restartSkip;
    } catch (SQLException e) {
      // The store failing is the writer's to report (StoreHealth); this thread tries again at its next wake-up.
      LOG.debug("WAL checkpoint failed; retried later", e);
    }
  }

  // SQLite's answer: busy (1 when it could not finish), frames in the WAL, frames copied to the database.
  private long[] checkpoint(String mode) throws SQLException {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      long[] result = rs.next() ? new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)} : new long[] {0, -1, -1};
      // -1 frames: the connection does not see a WAL (not in WAL mode): nothing was checkpointed.
      if (result[1] >= 0) {
        checkpoints++;
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
