package dev.eventhub.benchmarks;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The store's own figures, in-process (no HTTP, no auth): durable appends per second one event at a
 * time at a given concurrency, in batches of 100, and replay per second. Run:
 * {@code mvn -q -pl benchmarks -am package -DskipTests && mvn -q -pl benchmarks exec:java -Dexec.args="[sync]"}
 * where sync is {@code full} (default) or {@code normal}.
 */
public final class LogBenchmark {
  private static final int CONCURRENCY = 64;
  private static final int SINGLE_EVENTS = 40_000;
  private static final int BATCHED_EVENTS = 200_000;
  private static final int REPLAY_EVENTS = 100_000;

  public static void main(String[] args) throws Exception {
    boolean syncFull = args.length == 0 || !"normal".equals(args[0]);
    Vertx vertx = Vertx.vertx();
    Path dir = Files.createTempDirectory("log-bench");
    LogOptions options = LogOptions.defaults(dir).withRetention(Duration.ZERO, 0, Duration.ofHours(1));
    options = new LogOptions(dir, syncFull, options.maxBatchEvents(), options.maxAge(), 0, options.pruneInterval(),
        options.limits());
    EventLog log = EventLog.open(vertx, options, events -> { }).await(30, TimeUnit.SECONDS);
    JsonObject data = new JsonObject().put("executionId", "e-17").put("payload", "x".repeat(200));

    System.out.printf("sync=%s, events of ~300 bytes%n", syncFull ? "full" : "normal");
    double single = measure("single appends, concurrency " + CONCURRENCY, SINGLE_EVENTS, log,
        () -> LogLoad.singles(vertx, log, SINGLE_EVENTS, CONCURRENCY,
            () -> EventDraft.of("bench", "single", "k", data), Duration.ofMinutes(5)));
    double batched = measure("batches of 100", BATCHED_EVENTS, log, () -> appendBatches(log, data, 100, 16));
    // Issue 24 item 7: arrays of 50, 32 in flight (S4's "batched 50").
    double batched50 = measure("batches of 50", BATCHED_EVENTS, log, () -> appendBatches(log, data, 50, 32));
    double replay = measure("replay with since, pages of 1000", REPLAY_EVENTS, log, () -> replay(log));
    System.out.printf("%nsummary: single %.0f/s, batched %.0f/s, batches of 50 %.0f/s, replay %.0f/s%n", single, batched,
        batched50, replay);
    log.close().await(30, TimeUnit.SECONDS);
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  private interface Run {
    void run() throws Exception;
  }

  private static double measure(String name, int events, EventLog log, Run run) throws Exception {
    long start = System.nanoTime();
    long writerCpu = LogLoad.writerCpuNanos();
    long commits = log.stats().commits();
    run.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    double rate = events / seconds;
    long groups = log.stats().commits() - commits;
    System.out.printf("%-36s %,8d events in %5.2f s = %,8.0f events/s; writer %5.2f µs CPU/event; %,d commits%n", name,
        events, seconds, rate, (LogLoad.writerCpuNanos() - writerCpu) / 1e3 / events, groups);
    return rate;
  }

  private static void appendBatches(EventLog log, JsonObject data, int size, int inFlight) throws Exception {
    List<Future<?>> pending = new ArrayList<>();
    for (int b = 0; b < BATCHED_EVENTS / size; b++) {
      List<EventDraft> batch = new ArrayList<>(size);
      for (int i = 0; i < size; i++) {
        batch.add(EventDraft.of("replay", "batched", "k" + (i % 10), data));
      }
      pending.add(log.append(batch));
      if (pending.size() == inFlight) {
        Future.all(pending).await(5, TimeUnit.MINUTES);
        pending.clear();
      }
    }
    Future.all(pending).await(5, TimeUnit.MINUTES);
  }

  private static void replay(EventLog log) throws Exception {
    String since = null;
    int seen = 0;
    while (seen < REPLAY_EVENTS) {
      EventPage page = log.read(new EventQuery(EventFilter.categories("replay"), since, 1000)).await(1, TimeUnit.MINUTES);
      for (var e : page.events()) {
        e.encode();
      }
      seen += page.events().size();
      since = page.next();
      if (!page.more()) {
        break;
      }
    }
  }
}
