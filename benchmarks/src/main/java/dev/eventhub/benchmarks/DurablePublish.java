package dev.eventhub.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import java.util.function.Supplier;

/**
 * S4: events per second acknowledged by {@code POST /api/events} (for the hub: durable), with a
 * fixed number of requests in flight, each sent when one is answered; no subscribers.
 */
final class DurablePublish {
  static final int SINGLE_CONCURRENCY = 64;
  static final int BATCH = 100;
  static final int BATCH_CONCURRENCY = 16;
  /** Issue 24 item 7: arrays of 50, {@value #BATCH50_CONCURRENCY} in flight (as many events in flight as with 100). */
  static final int BATCH50 = 50;
  static final int BATCH50_CONCURRENCY = 32;

  private DurablePublish() {}

  /**
   * Single events, {@value #SINGLE_CONCURRENCY} requests in flight. A category of their own: the batched
   * runs record millions of events, and past 1,000,000 in a category the hub's retention prunes it.
   */
  static Sample single(Load load, Settings settings) throws InterruptedException {
    return closedLoop(load, settings, SINGLE_CONCURRENCY, () -> Load.event("publish-single"), 1);
  }

  /** Arrays of {@value #BATCH} events, {@value #BATCH_CONCURRENCY} requests in flight. */
  static Sample batched(Load load, Settings settings) throws InterruptedException {
    return closedLoop(load, settings, BATCH_CONCURRENCY, () -> Load.batch("publish-batched", BATCH), BATCH);
  }

  /** Arrays of {@value #BATCH50} events, {@value #BATCH50_CONCURRENCY} requests in flight, a category of their own. */
  static Sample batched50(Load load, Settings settings) throws InterruptedException {
    return closedLoop(load, settings, BATCH50_CONCURRENCY, () -> Load.batch("publish-batched-50", BATCH50), BATCH50);
  }

  static Sample closedLoop(Load load, Settings settings, int concurrency, Supplier<Buffer> body, int events)
      throws InterruptedException {
    Context context = load.vertx.getOrCreateContext();
    Loop loop = new Loop(load, context, body, events);
    context.runOnContext(v -> {
      for (int i = 0; i < concurrency; i++) {
        loop.next();
      }
    });
    Thread.sleep(settings.warmupMillis());
    long published0 = load.published.get();
    long refused0 = load.refused.get();
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long t0 = System.nanoTime();
    Thread.sleep(settings.measureMillis());
    long published1 = load.published.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();
    loop.stop().await();
    sample.put("events/s", (published1 - published0) / seconds)
        .put("server µs/event", sample.cpu.serverMicrosPer(published1 - published0));
    long refused = load.refused.get() - refused0;
    if (refused > 0) {
      sample.problem(refused + " events refused; last: " + load.lastRefusal());
    }
    return sample;
  }

  /** Chains of requests: each answer sends the next, until stopped. */
  private static final class Loop {
    private final Load load;
    private final Context context;
    private final Supplier<Buffer> body;
    private final int events;
    private final Promise<Void> drained = Promise.promise();
    private int inFlight;
    private boolean stopping;

    Loop(Load load, Context context, Supplier<Buffer> body, int events) {
      this.load = load;
      this.context = context;
      this.body = body;
      this.events = events;
    }

    void next() {
      if (stopping) {
        if (inFlight == 0) {
          drained.tryComplete();
        }
        return;
      }
      inFlight++;
      load.post(body.get(), events).onComplete(ar -> {
        inFlight--;
        next();
      });
    }

    io.vertx.core.Future<Void> stop() {
      Promise<Void> stopped = Promise.promise();
      context.runOnContext(v -> {
        stopping = true;
        if (inFlight == 0) {
          drained.tryComplete();
        }
        drained.future().onComplete(stopped);
      });
      return stopped.future();
    }
  }
}
