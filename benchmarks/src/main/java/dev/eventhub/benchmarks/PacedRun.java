package dev.eventhub.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * One point of a cost curve (K1, K2, K3, K5): events published at a steady rate for the warm-up and the measured
 * window, in one {@code POST} per 2 ms tick holding the events due (at most {@code perPost}), each event stamped at
 * send ({@link Pacer}). Measured: the age of every delivery at receipt (p50, p99), the time from each {@code POST} to its answer,
 * the rate acknowledged, and the server's CPU per delivery (per event when nobody subscribes) from /proc.
 * After the window every acknowledged event must reach every subscriber it was meant for.
 */
final class PacedRun {
  private static final int MAX_IN_FLIGHT = 1024;

  private PacedRun() {}

  /**
   * @param fanout the deliveries each event makes (its subscribers); 0: none subscribe
   * @param perPost the most events in one {@code POST} (1: single events)
   */
  static Sample run(Load load, List<Subscriber> subscribers, Subscriber.Recorder recorder, double eventsPerSecond,
      int fanout, int perPost, Pacer.Body body, Settings settings) throws Exception {
    Pacer pacer = Pacer.start(load, eventsPerSecond, perPost, MAX_IN_FLIGHT, body);
    Thread.sleep(settings.warmupMillis());
    long deliveries0 = Load.sumEvents(subscribers);
    long acked0 = pacer.acknowledged;
    recorder.on = true;
    pacer.recording = true;
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long t0 = System.nanoTime();
    Thread.sleep(settings.measureMillis());
    recorder.on = false;
    pacer.recording = false;
    long deliveries = Load.sumEvents(subscribers) - deliveries0;
    long acked = pacer.acknowledged - acked0;
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();
    pacer.stop().await(2, TimeUnit.MINUTES);
    awaitDeliveries(subscribers, pacer.acknowledged * fanout);
    double achieved = acked / seconds;
    Histogram h = recorder.histogram;
    sample.put("events/s offered", eventsPerSecond)
        .put("events/s acknowledged", achieved)
        .put("deliveries/s", deliveries / seconds)
        .put("p50 ms", fanout == 0 ? Double.NaN : h.percentile(0.50) / 1000.0)
        .put("p99 ms", fanout == 0 ? Double.NaN : h.percentile(0.99) / 1000.0)
        .put("publish p50 ms", pacer.acks.percentile(0.50) / 1000.0)
        .put("publish p99 ms", pacer.acks.percentile(0.99) / 1000.0)
        .put("server µs/delivery", fanout == 0 ? Double.NaN : sample.cpu.serverMicrosPer(deliveries))
        .put("server µs/event", sample.cpu.serverMicrosPer(acked))
        .put("server CPU %", sample.cpu.server())
        .put("machine busy %", sample.cpu.machine());
    long expected = pacer.acknowledged * fanout;
    long counted = Load.sumEvents(subscribers);
    if (counted != expected) {
      sample.problem(String.format(Locale.ROOT, "%,d deliveries counted, %,d expected", counted, expected));
    }
    if (achieved < 0.9 * eventsPerSecond) {
      sample.problem(String.format(Locale.ROOT, "saturated: %,.0f events/s acknowledged of %,.0f offered", achieved,
          eventsPerSecond));
    }
    sample.problem(Load.firstFailure(subscribers));
    if (load.refused.get() > 0) {
      sample.problem(load.refused.get() + " events refused; last: " + load.lastRefusal());
    }
    return sample;
  }

  // Until every delivery arrived, or none did for 15 s (a busy machine delivers late, a lost delivery never).
  private static void awaitDeliveries(List<Subscriber> subscribers, long expected) throws InterruptedException {
    long last = -1;
    long deadline = 0;
    while (Load.sumEvents(subscribers) < expected && Load.firstFailure(subscribers) == null) {
      long now = Load.sumEvents(subscribers);
      if (now != last) {
        last = now;
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      } else if (System.nanoTime() > deadline) {
        return;
      }
      Thread.sleep(20);
    }
  }
}
