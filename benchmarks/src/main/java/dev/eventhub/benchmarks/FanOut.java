package dev.eventhub.benchmarks;

import io.vertx.core.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * S1: {@value #SUBSCRIBERS} subscribers on one category; publishes (of {@code --publish-batch} events
 * each, 10 by default, so that the publishing path is not what is measured) as fast as the server
 * acknowledges them, up to {@value #CONCURRENCY} in flight, and never more than {@value #WINDOW}
 * events ahead of the slowest subscriber. The window keeps every subscriber's queue far below the
 * hub's slow-consumer limit: what is measured is the rate the server sustains, not how fast its
 * queues fill.
 */
final class FanOut {
  static final int SUBSCRIBERS = 100;
  static final int CONCURRENCY = 64;
  static final int WINDOW = 2000;

  private FanOut() {}

  static Sample run(Load load, Settings settings, String category, boolean batch) throws Exception {
    return run(load, settings, category, batch, Map.of());
  }

  /**
   * As {@link #run(Load, Settings, String, boolean)}, also dividing what each of {@code counters} counted over the
   * measured window by the deliveries, as the figure {@code <name>/delivery} (S7: bytes read and written).
   */
  static Sample run(Load load, Settings settings, String category, boolean batch, Map<String, LongSupplier> counters)
      throws Exception {
    List<Subscriber> subscribers = load.subscribeMany(SUBSCRIBERS, 20, List.of(category), batch, null)
        .await(60, TimeUnit.SECONDS);
    Context context = load.vertx.getOrCreateContext();
    Pump pump = new Pump(load, context, subscribers, category, settings.publishBatch());
    context.runOnContext(v -> pump.start());
    Thread.sleep(settings.warmupMillis());

    long[] each0 = events(subscribers);
    long deliveries0 = Load.sumEvents(subscribers);
    long frames0 = frames(subscribers);
    long bytes0 = bytes(subscribers);
    long published0 = load.published.get();
    Map<String, Long> counted0 = read(counters);
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long t0 = System.nanoTime();
    Thread.sleep(settings.measureMillis());
    long[] each1 = events(subscribers);
    long deliveries1 = Load.sumEvents(subscribers);
    long frames1 = frames(subscribers);
    long bytes1 = bytes(subscribers);
    long published1 = load.published.get();
    Map<String, Long> counted1 = read(counters);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();

    pump.stop().await(30, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (Load.minEvents(subscribers) < pump.acknowledged() && System.nanoTime() < deadline
        && Load.firstFailure(subscribers) == null) {
      Thread.sleep(20);
    }
    long lagging = pump.acknowledged() - Load.minEvents(subscribers);
    Load.closeAll(subscribers).await(30, TimeUnit.SECONDS);

    double deliveries = deliveries1 - deliveries0;
    double frames = Math.max(1, frames1 - frames0);
    sample.put("deliveries/s", deliveries / seconds)
        .put("events published/s", (published1 - published0) / seconds)
        .put("events/frame", deliveries / frames)
        .put("bytes/event", (bytes1 - bytes0) / Math.max(1, deliveries))
        .put("server µs/delivery", sample.cpu.serverMicrosPer(deliveries))
        .put("generator µs/delivery", sample.cpu.generatorMicrosPer(deliveries));
    counters.keySet().forEach(name -> sample.put(name + "/delivery",
        (counted1.get(name) - counted0.get(name)) / Math.max(1, deliveries)));
    perServer(load, subscribers, each0, each1, seconds, sample);
    sample.problem(Load.firstFailure(subscribers));
    if (lagging > 0) {
      sample.problem(lagging + " acknowledged events never reached the slowest subscriber");
    }
    if (load.refused.get() > 0) {
      sample.problem(load.refused.get() + " publishes refused; last: " + load.lastRefusal());
    }
    return sample;
  }

  /**
   * Deliveries per second per subscriber, of each server (a cluster's members) and of the slowest: each member's
   * share of the work next to what a single hub gives each of its subscribers (C1's goal, ≥ 0.9 ×, is on the slowest).
   */
  private static void perServer(Load load, List<Subscriber> subscribers, long[] each0, long[] each1, double seconds,
      Sample sample) {
    Map<Server, long[]> byServer = new LinkedHashMap<>();
    for (int i = 0; i < subscribers.size(); i++) {
      long[] counts = byServer.computeIfAbsent(load.serverOf(subscribers.get(i)), s -> new long[2]);
      counts[0] += each1[i] - each0[i];
      counts[1]++;
    }
    double slowest = Double.MAX_VALUE;
    for (Map.Entry<Server, long[]> e : byServer.entrySet()) {
      double perSubscriber = e.getValue()[0] / seconds / e.getValue()[1];
      slowest = Math.min(slowest, perSubscriber);
      if (byServer.size() > 1) {
        sample.put("deliveries/s " + e.getKey().name(), e.getValue()[0] / seconds)
            .put("deliveries/s per subscriber " + e.getKey().name(), perSubscriber)
            .put("subscribers " + e.getKey().name(), (double) e.getValue()[1]);
      }
    }
    sample.put("deliveries/s per subscriber, slowest server", byServer.isEmpty() ? Double.NaN : slowest);
  }

  private static Map<String, Long> read(Map<String, LongSupplier> counters) {
    Map<String, Long> values = new LinkedHashMap<>();
    counters.forEach((name, counter) -> values.put(name, counter.getAsLong()));
    return values;
  }

  private static long[] events(List<Subscriber> subscribers) {
    return subscribers.stream().mapToLong(Subscriber::events).toArray();
  }

  private static long frames(List<Subscriber> subscribers) {
    return subscribers.stream().mapToLong(Subscriber::frames).sum();
  }

  private static long bytes(List<Subscriber> subscribers) {
    return subscribers.stream().mapToLong(Subscriber::bytes).sum();
  }

  /** Publishes on one context: as many as the concurrency and the window allow, again on each answer and each ms. */
  private static final class Pump {
    private final Load load;
    private final Context context;
    private final List<Subscriber> subscribers;
    private final String category;
    private final int batch;
    private final io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    private long timer;
    private int inFlight;
    private long sent;
    private volatile long acknowledged;
    private boolean stopping;

    Pump(Load load, Context context, List<Subscriber> subscribers, String category, int batch) {
      this.load = load;
      this.batch = batch;
      this.context = context;
      this.subscribers = subscribers;
      this.category = category;
    }

    void start() {
      timer = load.vertx.setPeriodic(1, id -> pump());
      pump();
    }

    long acknowledged() {
      return acknowledged;
    }

    private void pump() {
      if (stopping) {
        if (inFlight == 0) {
          drained.tryComplete();
        }
        return;
      }
      long slowest = Load.minEvents(subscribers);
      while (inFlight < CONCURRENCY && sent - slowest < WINDOW) {
        inFlight++;
        sent += batch;
        load.post(Load.events(category, batch, load.attributes), batch).onComplete(ar -> {
          inFlight--;
          if (ar.succeeded() && ar.result() / 100 == 2) {
            acknowledged += batch;
          }
          pump();
        });
      }
    }

    io.vertx.core.Future<Void> stop() {
      io.vertx.core.Promise<Void> stopped = io.vertx.core.Promise.promise();
      context.runOnContext(v -> {
        stopping = true;
        load.vertx.cancelTimer(timer);
        pump();
        drained.future().onComplete(stopped);
      });
      return stopped.future();
    }
  }
}
