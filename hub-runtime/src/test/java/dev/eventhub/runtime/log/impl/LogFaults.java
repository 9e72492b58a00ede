package dev.eventhub.runtime.log.impl;

import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Faults of the log's store, on demand and without privileges: a store that is full (SQLite's {@code
 * max_page_count}) and a writer that falls behind (held on a latch).
 */
public final class LogFaults {
  // SQLite's own default cap: in effect no cap.
  private static final long NO_CAP = 1_073_741_823L;

  private LogFaults() {}

  /** From now on the store has no room for new pages: writes that need one fail with SQLITE_FULL. */
  public static void fill(EventLog log) {
    TestHub.await(sqlite(log).maxPageCount(0));
  }

  /** Lifts {@link #fill}: the store has room again. */
  public static void free(EventLog log) {
    TestHub.await(sqlite(log).maxPageCount(NO_CAP));
  }

  /**
   * Holds the log's writer until {@link Held#release()}: appends queue meanwhile. Returns once the
   * writer is held.
   */
  public static Held hold(EventLog log) {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<Void> done = sqlite(log).onWriter(c -> {
      started.countDown();
      // Bounded: a test that forgets to release must not hang the writer for ever.
      release.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return null;
    });
    try {
      if (!started.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("the log's writer did not take the holding op");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Held(release, done);
  }

  /** How many categories the store keeps a pruning mark for (the {@code pruned} table). */
  public static long prunedMarks(EventLog log) {
    return TestHub.await(sqlite(log).onReader(c -> Schema.scalar(c, "SELECT count(*) FROM pruned")));
  }

  /** A held writer. */
  public static final class Held implements AutoCloseable {
    private final CountDownLatch release;
    private final Future<Void> done;

    private Held(CountDownLatch release, Future<Void> done) {
      this.release = release;
      this.done = done;
    }

    /** Lets the writer go on, and waits until the holding op has finished. */
    public void release() {
      release.countDown();
      TestHub.await(done);
    }

    @Override
    public void close() {
      release.countDown();
    }
  }

  private static SqliteEventLog sqlite(EventLog log) {
    return (SqliteEventLog) log;
  }
}
