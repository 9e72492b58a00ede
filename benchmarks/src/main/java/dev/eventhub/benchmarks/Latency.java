package dev.eventhub.benchmarks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * S2: {@value #SUBSCRIBERS} subscribers, {@link #RATE} single-event publishes per second at a steady
 * pace (1,000, or {@code BENCH_S2_RATE} from the environment: issue 24 measures 200 as well), each
 * stamped at send: the latency from the publish to each subscriber's receipt. S6 (soak) is
 * the same load for a long time, reported minute by minute with the server's heap after a GC. C2 is S2
 * over a cluster's members (on Kafka, acks=all), with the latency of each member's subscribers besides that of all.
 */
final class Latency {
  static final int SUBSCRIBERS = 100;
  static final int RATE = rate(System.getenv("BENCH_S2_RATE"));
  private static final int MAX_IN_FLIGHT = 512;

  private Latency() {}

  // Issue 24: S2 at another rate without another option in Settings (./run-benchmarks passes the environment).
  static int rate(String env) {
    if (env == null || env.isBlank()) {
      return 1000;
    }
    try {
      int rate = Integer.parseInt(env.trim());
      if (rate > 0) {
        return rate;
      }
    } catch (NumberFormatException e) {
      // Said below.
    }
    throw new IllegalArgumentException("BENCH_S2_RATE must be a positive number of publishes per second, not '"
        + env + "'");
  }

  static Sample run(Load load, Settings settings, String category) throws Exception {
    Map<Server, Subscriber.Recorder> recorders = new LinkedHashMap<>();
    load.servers.forEach(s -> recorders.put(s, new Subscriber.Recorder()));
    List<Subscriber> subscribers = load.subscribeAcross(SUBSCRIBERS, 20, List.of(category), false, recorders::get)
        .await(60, TimeUnit.SECONDS);
    Pacer pacer = pace(load, category);
    Thread.sleep(settings.warmupMillis());
    long deliveries0 = Load.sumEvents(subscribers);
    recorders.values().forEach(r -> r.on = true);
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long t0 = System.nanoTime();
    Thread.sleep(settings.measureMillis());
    recorders.values().forEach(r -> r.on = false);
    // Counted before the CPU meter stops: naming the servers' threads (jcmd, once per server) takes a while.
    long deliveries = Load.sumEvents(subscribers) - deliveries0;
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();
    pacer.stop().await(30, TimeUnit.SECONDS);
    Load.closeAll(subscribers).await(30, TimeUnit.SECONDS);
    Histogram h = new Histogram();
    recorders.values().forEach(r -> merge(r.histogram, h));
    sample.put("p50 ms", h.percentile(0.50) / 1000.0)
        .put("p99 ms", h.percentile(0.99) / 1000.0)
        .put("p99.9 ms", h.percentile(0.999) / 1000.0)
        .put("max ms", h.maxMicros() / 1000.0)
        .put("deliveries/s", deliveries / seconds)
        .put("publishes/s", (double) RATE)
        .put("samples", (double) h.count())
        .put("server µs/delivery", sample.cpu.serverMicrosPer(deliveries));
    if (recorders.size() > 1) {
      // Each member delivers once it has applied the record; a publish crosses to the other members only through Kafka.
      recorders.forEach((server, r) -> sample.put("p50 ms " + server.name(), r.histogram.percentile(0.50) / 1000.0)
          .put("p99 ms " + server.name(), r.histogram.percentile(0.99) / 1000.0));
    }
    sample.problem(Load.firstFailure(subscribers));
    if (load.refused.get() > 0) {
      sample.problem(load.refused.get() + " publishes refused; last: " + load.lastRefusal());
    }
    return sample;
  }

  /**
   * S6: the S2 load for {@code settings.soakMillis()}; each minute prints p50/p99/max of that minute
   * and the server's heap after a full GC. Problems: any error, a p99 that more than doubles from the
   * first minute to the last, a heap after GC that grows by more than half.
   */
  static Sample soak(Load load, Settings settings, String category) throws Exception {
    Subscriber.Recorder recorder = new Subscriber.Recorder();
    List<Subscriber> subscribers = load.subscribeMany(SUBSCRIBERS, 20, List.of(category), false, recorder)
        .await(60, TimeUnit.SECONDS);
    Pacer pacer = pace(load, category);
    Thread.sleep(settings.warmupMillis());
    Histogram whole = new Histogram();
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long minutes = Math.max(1, settings.soakMillis() / 60_000);
    double firstP99 = 0;
    double lastP99 = 0;
    long firstHeap = 0;
    long lastHeap = 0;
    Sample sample = new Sample();
    for (int m = 1; m <= minutes; m++) {
      Subscriber.Recorder minute = new Subscriber.Recorder();
      swap(subscribers, recorder, minute);
      minute.on = true;
      Thread.sleep(60_000);
      minute.on = false;
      load.server.gc();
      long heap = load.server.heapUsedBytes();
      double p99 = minute.histogram.percentile(0.99) / 1000.0;
      System.out.printf(Locale.ROOT, "  soak minute %2d: p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d samples, heap after GC %d MiB, RSS %d MiB%n",
          m, minute.histogram.percentile(0.5) / 1000.0, p99, minute.histogram.maxMicros() / 1000.0,
          minute.histogram.count(), heap >> 20, load.server.rssBytes() >> 20);
      merge(minute.histogram, whole);
      if (m == 1) {
        firstP99 = p99;
        firstHeap = heap;
      }
      lastP99 = p99;
      lastHeap = heap;
      recorder = minute;
      sample.problem(Load.firstFailure(subscribers));
      if (!sample.problems.isEmpty()) {
        break;
      }
    }
    sample.cpu = cpu.stop();
    pacer.stop().await(30, TimeUnit.SECONDS);
    Load.closeAll(subscribers).await(30, TimeUnit.SECONDS);
    sample.put("p50 ms", whole.percentile(0.50) / 1000.0).put("p99 ms", whole.percentile(0.99) / 1000.0)
        .put("max ms", whole.maxMicros() / 1000.0).put("p99 first minute ms", firstP99)
        .put("p99 last minute ms", lastP99).put("heap after GC first MiB", firstHeap / 1048576.0)
        .put("heap after GC last MiB", lastHeap / 1048576.0);
    if (lastP99 > 2 * Math.max(1, firstP99)) {
      sample.problem("p99 grew from " + firstP99 + " ms to " + lastP99 + " ms");
    }
    if (firstHeap > 0 && lastHeap > 1.5 * firstHeap + (16 << 20)) {
      sample.problem("heap after GC grew from " + (firstHeap >> 20) + " MiB to " + (lastHeap >> 20) + " MiB");
    }
    if (load.refused.get() > 0) {
      sample.problem(load.refused.get() + " publishes refused; last: " + load.lastRefusal());
    }
    return sample;
  }

  /** {@link #RATE} single events a second, each stamped at send. */
  private static Pacer pace(Load load, String category) {
    return Pacer.start(load, RATE, 1, MAX_IN_FLIGHT, (n, stamp) -> Load.event(category));
  }

  private static void swap(List<Subscriber> subscribers, Subscriber.Recorder from, Subscriber.Recorder to) {
    subscribers.forEach(s -> s.recorder(to));
  }

  private static void merge(Histogram from, Histogram into) {
    from.copyInto(into);
  }
}
