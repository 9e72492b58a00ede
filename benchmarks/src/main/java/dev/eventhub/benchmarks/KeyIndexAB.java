package dev.eventhub.benchmarks;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Issue 24 item 4 (K4): what an index on keys ({@code events(category, key, seq) WHERE key IS NOT NULL}) would cost
 * each append, the log alone in-process, A/B run after run: each round opens a fresh log twice, once as it is and
 * once with that index created (the measure that kept it out of the schema),
 * and appends keyed events (a key per entity, 100,000 of them) one at a time at a concurrency of 64 and in batches of
 * 100 (16 in flight). Prints the writer thread's CPU per event and events/s per variant, then the medians. Run:
 * {@code java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.eventhub.benchmarks.KeyIndexAB [rounds]}.
 */
public final class KeyIndexAB {
  private static final int CONCURRENCY = 64;
  private static final int SINGLE_EVENTS = 20_000;
  private static final int BATCHED_EVENTS = 200_000;
  private static final int KEYS = 100_000;

  private KeyIndexAB() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    Vertx vertx = Vertx.vertx();
    JsonObject data = new JsonObject().put("executionId", "e-17").put("payload", "x".repeat(200));
    double[][] results = new double[4][rounds * 2];
    for (int round = 0; round < rounds; round++) {
      for (int variant = 0; variant < 2; variant++) {
        boolean indexed = (round + variant) % 2 == 0;
        double[] r = run(vertx, data, indexed);
        int slot = indexed ? 0 : 2;
        results[slot][round] = r[0];
        results[slot + 1][round] = r[1];
        results[slot][rounds + round] = r[2];
        results[slot + 1][rounds + round] = r[3];
      }
    }
    System.out.printf("%nmedians over %d rounds (single appends | batches of 100):%n", rounds);
    for (int slot = 0; slot < 4; slot += 2) {
      System.out.printf("%-16s single %,8.0f events/s %6.2f µs writer CPU/event | batched %,8.0f events/s %6.2f µs%n",
          slot == 0 ? "with events_key" : "without", median(results[slot], 0, rounds),
          median(results[slot + 1], 0, rounds), median(results[slot], rounds, rounds),
          median(results[slot + 1], rounds, rounds));
    }
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  // {single events/s, single µs/event, batched events/s, batched µs/event}
  private static double[] run(Vertx vertx, JsonObject data, boolean indexed) throws Exception {
    Path dir = Files.createTempDirectory("key-index-ab");
    LogOptions options = LogOptions.defaults(dir).withRetention(Duration.ZERO, 0, Duration.ofHours(1));
    EventLog log = EventLog.open(vertx, options, events -> { }).await(30, TimeUnit.SECONDS);
    if (indexed) {
      try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db"));
          Statement st = c.createStatement()) {
        st.execute("CREATE INDEX events_key ON events(category, key, seq) WHERE key IS NOT NULL");
      }
    }
    AtomicLong next = new AtomicLong();
    double[] single = measure(SINGLE_EVENTS, () -> LogLoad.singles(vertx, log, SINGLE_EVENTS, CONCURRENCY,
        () -> EventDraft.of("orders", "placed", key(next.getAndIncrement()), data), Duration.ofMinutes(5)));
    double[] batched = measure(BATCHED_EVENTS, () -> appendBatches(log, data, next));
    System.out.printf("%-16s single %,8.0f events/s %6.2f µs writer CPU/event | batched %,8.0f events/s %6.2f µs%n",
        indexed ? "with events_key" : "without", single[0], single[1], batched[0], batched[1]);
    log.close().await(30, TimeUnit.SECONDS);
    long bytes;
    try (var files = Files.walk(dir)) {
      bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    System.out.printf("%-16s %.0f disk bytes per event%n", "", bytes / (double) next.get());
    Server.deleteTree(dir);
    return new double[] {single[0], single[1], batched[0], batched[1]};
  }

  private interface Run {
    void run() throws Exception;
  }

  private static double[] measure(int events, Run run) throws Exception {
    long start = System.nanoTime();
    long cpu = LogLoad.writerCpuNanos();
    run.run();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new double[] {events / seconds, (LogLoad.writerCpuNanos() - cpu) / 1e3 / events};
  }

  // Keys of 100,000 entities, visited in a scattered order: the index's inserts land all over it.
  private static String key(long n) {
    return "order-" + (n * 7919 % KEYS);
  }

  private static void appendBatches(EventLog log, JsonObject data, AtomicLong next) throws Exception {
    List<Future<?>> pending = new ArrayList<>();
    for (int b = 0; b < BATCHED_EVENTS / 100; b++) {
      List<EventDraft> batch = new ArrayList<>(100);
      for (int i = 0; i < 100; i++) {
        batch.add(EventDraft.of("orders", "placed", key(next.getAndIncrement()), data));
      }
      pending.add(log.append(batch));
      if (pending.size() == 16) {
        Future.all(pending).await(5, TimeUnit.MINUTES);
        pending.clear();
      }
    }
    Future.all(pending).await(5, TimeUnit.MINUTES);
  }

  private static double median(double[] values, int from, int n) {
    double[] sorted = Arrays.copyOfRange(values, from, from + n);
    Arrays.sort(sorted);
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
