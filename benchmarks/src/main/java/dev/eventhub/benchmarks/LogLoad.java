package dev.eventhub.benchmarks;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.EventLog;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** What the in-process log harnesses (LogBenchmark, KeyIndexAB, PruneAB) share: their load and their measure. */
final class LogLoad {
  private LogLoad() {}

  /**
   * Appends {@code events} single events in {@code concurrency} chains, each appending its next event when the
   * previous one is acknowledged; blocks until all are, at most {@code timeout}.
   */
  static void singles(Vertx vertx, EventLog log, int events, int concurrency, Supplier<EventDraft> draft,
      Duration timeout) throws Exception {
    AtomicLong remaining = new AtomicLong(events);
    List<Future<Void>> chains = new ArrayList<>();
    for (int c = 0; c < concurrency; c++) {
      Promise<Void> done = Promise.promise();
      vertx.runOnContext(v -> chain(log, draft, remaining, done));
      chains.add(done.future());
    }
    Future.all(chains).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static void chain(EventLog log, Supplier<EventDraft> draft, AtomicLong remaining, Promise<Void> done) {
    if (remaining.decrementAndGet() < 0) {
      done.tryComplete();
      return;
    }
    log.append(List.of(draft.get()))
        .onSuccess(a -> chain(log, draft, remaining, done))
        .onFailure(done::tryFail);
  }

  /** The CPU time of the log's single writer thread: the serial part of every append, whatever else runs. */
  static long writerCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("hub-log-writer")) {
        return threads.getThreadCpuTime(t.getId());
      }
    }
    return 0;
  }
}
