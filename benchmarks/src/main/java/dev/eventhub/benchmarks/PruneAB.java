package dev.eventhub.benchmarks;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Section O (issue 24 item 4): what retention costs the log alone, in-process, with whichever build of hub-runtime is
 * first on the class path (so that one harness measures this build and main's, one JVM each, run after run). Two
 * measures, each on a fresh log ({@code log.sync: full}):
 * <ul>
 *   <li>ingest past the limit: a category filled to {@code log.retention.maxEventsPerCategory} (100,000), then
 *       200,000 single-event appends at a concurrency of 64, retention due every second: events/s, the writer thread's CPU
 *       per appended event, and how far the category is past its limit at the end (pruning keeping pace or not);
 *   <li>a backlog pruned with nothing else to do: three times the limit, then the limit, {@code prune()}: seconds and
 *       the writer's CPU per pruned event.
 * </ul>
 * Run: {@code java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.eventhub.benchmarks.PruneAB [limit]}
 * (the limit 100,000 by default; the backlog is twice the limit); for
 * main's build put its {@code hub-runtime} jar first on the class path.
 */
public final class PruneAB {
  private static final int CONCURRENCY = 64;
  private static final int SINGLE_EVENTS = 200_000;
  private static int keep = 100_000;
  private static int backlog = 200_000;
  private static final JsonObject DATA = new JsonObject().put("executionId", "e-17").put("payload", "x".repeat(200));

  private PruneAB() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0) {
      keep = Integer.parseInt(args[0]);
      backlog = 2 * keep;
    }
    Vertx vertx = Vertx.vertx();
    System.out.println("hub-runtime from " + EventLog.class.getProtectionDomain().getCodeSource().getLocation());
    Path dir = Files.createTempDirectory("prune-ab");
    try {
      fill(vertx, dir, keep);
      EventLog log = open(vertx, dir, keep, Duration.ofSeconds(1));
      long start = System.nanoTime();
      long cpu = LogLoad.writerCpuNanos();
      LogLoad.singles(vertx, log, SINGLE_EVENTS, CONCURRENCY, () -> EventDraft.of("orders", "placed", "order-1", DATA),
          Duration.ofMinutes(10));
      double seconds = (System.nanoTime() - start) / 1e9;
      double cpuPerEvent = (LogLoad.writerCpuNanos() - cpu) / 1e3 / SINGLE_EVENTS;
      long past = log.stats().perCategory().getOrDefault("orders", 0L) - keep;
      System.out.printf("ingest past the limit: %,.0f events/s, writer CPU %.2f µs/event, pruned %,d, %,d past the"
          + " limit at the end%n", SINGLE_EVENTS / seconds, cpuPerEvent, log.stats().pruned(), past);
      log.close().await(1, TimeUnit.MINUTES);
    } finally {
      Server.deleteTree(dir);
    }
    dir = Files.createTempDirectory("prune-ab");
    try {
      fill(vertx, dir, keep + backlog);
      EventLog log = open(vertx, dir, keep, Duration.ofHours(1));
      long start = System.nanoTime();
      long cpu = LogLoad.writerCpuNanos();
      long pruned = log.prune().await(10, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("backlog pruned idle: %,d events in %.2f s, writer CPU %.2f µs/pruned event%n", pruned,
          seconds, (LogLoad.writerCpuNanos() - cpu) / 1e3 / Math.max(1, pruned));
      log.close().await(1, TimeUnit.MINUTES);
    } finally {
      Server.deleteTree(dir);
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  // Batches of 1,000 without retention: the log as a busy hub leaves it.
  private static void fill(Vertx vertx, Path dir, int events) throws Exception {
    EventLog log = open(vertx, dir, 0, Duration.ofHours(1));
    for (int b = 0; b < events / 1000; b++) {
      List<EventDraft> batch = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) {
        batch.add(EventDraft.of("orders", "placed", "order-" + i, DATA));
      }
      log.append(batch).await(1, TimeUnit.MINUTES);
    }
    log.close().await(1, TimeUnit.MINUTES);
  }

  private static EventLog open(Vertx vertx, Path dir, long keep, Duration interval) throws Exception {
    LogOptions options = LogOptions.defaults(dir).withRetention(Duration.ZERO, keep, interval);
    return EventLog.open(vertx, options, events -> { }).await(1, TimeUnit.MINUTES);
  }
}
