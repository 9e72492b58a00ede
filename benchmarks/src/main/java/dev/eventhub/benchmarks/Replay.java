package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * S5: one client subscribes with {@code since} and receives {@code n} recorded events; the rate is
 * events over the time from sending the subscription to {@code replay_complete}.
 */
final class Replay {
  static final int PRELOAD_BATCH = 1000;

  private Replay() {}

  /** Records {@code n} events of {@code category}; returns the cursor to replay after. */
  static String preload(Load load, String category, int n) throws Exception {
    Subscriber probe = load.subscribe(List.of(category), false, null, null).await(30, TimeUnit.SECONDS);
    String head = probe.cursor();
    probe.close().await(30, TimeUnit.SECONDS);
    List<Future<Integer>> lane = new ArrayList<>();
    for (int sent = 0; sent < n; sent += PRELOAD_BATCH) {
      lane.add(load.post(Load.batch(category, Math.min(PRELOAD_BATCH, n - sent)), Math.min(PRELOAD_BATCH, n - sent)));
      if (lane.size() == 4) {
        Future.all(lane).await(2, TimeUnit.MINUTES);
        lane.clear();
      }
    }
    Future.all(lane).await(2, TimeUnit.MINUTES);
    if (load.refused.get() > 0) {
      throw new IllegalStateException("preloading the replay failed: " + load.lastRefusal());
    }
    return head;
  }

  static Sample run(Load load, String category, String since, int n, boolean batch) throws Exception {
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long t0 = System.nanoTime();
    Subscriber s = load.subscribe(List.of(category), batch, since, null).await(60, TimeUnit.SECONDS);
    JsonObject complete = s.replayComplete().await(5, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();
    s.close().await(30, TimeUnit.SECONDS);
    sample.put("events/s", s.events() / seconds).put("events/frame", s.events() / (double) Math.max(1, s.frames()))
        .put("server µs/event", sample.cpu.serverMicrosPer(s.events()));
    if (s.events() != n || complete.getLong("count", -1L) != n) {
      sample.problem("replayed " + s.events() + " events (replay_complete said " + complete.getValue("count")
          + "), expected " + n);
    }
    sample.problem(s.failure());
    return sample;
  }
}
