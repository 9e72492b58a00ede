package dev.eventhub.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;

/**
 * Publishes at a steady rate: every 2 ms, on one context, the events due so far, in {@code POST}s of at most
 * {@code perPost} events, each body stamped as it is sent; never more than {@code maxInFlight} requests
 * unanswered. S2 and S6 (single events, {@link Latency}) and the cost curves' points ({@link PacedRun}) publish
 * through it. Counts the events acknowledged and, while {@link #recording}, times each {@code POST} to its answer.
 */
final class Pacer {
  /** Makes the body of one {@code POST}: {@code n} events stamped {@code stamp} ({@code System.nanoTime()}). */
  interface Body {
    Buffer events(int n, long stamp);
  }

  private final Load load;
  private final Context context;
  private final double rate;
  private final int perPost;
  private final int maxInFlight;
  private final Body body;
  private final long start = System.nanoTime();
  private final Promise<Void> drained = Promise.promise();
  /** The time from each {@code POST} to its answer, in µs, while {@link #recording}. */
  final Histogram acks = new Histogram();
  volatile boolean recording;
  volatile long acknowledged;
  private long timer;
  private long sent;
  private int inFlight;
  private boolean stopping;

  private Pacer(Load load, Context context, double rate, int perPost, int maxInFlight, Body body) {
    this.load = load;
    this.context = context;
    this.rate = rate;
    this.perPost = perPost;
    this.maxInFlight = maxInFlight;
    this.body = body;
  }

  /** Starts publishing {@code eventsPerSecond} through {@code load}, on a context of its own. */
  static Pacer start(Load load, double eventsPerSecond, int perPost, int maxInFlight, Body body) {
    Context context = load.vertx.getOrCreateContext();
    Pacer pacer = new Pacer(load, context, eventsPerSecond, perPost, maxInFlight, body);
    context.runOnContext(v -> pacer.timer = load.vertx.setPeriodic(2, id -> pacer.tick()));
    return pacer;
  }

  /** The events due {@code elapsedNanos} after the start at {@code eventsPerSecond}. */
  static long due(long elapsedNanos, double eventsPerSecond) {
    return (long) (elapsedNanos / 1e9 * eventsPerSecond);
  }

  private void tick() {
    long due = due(System.nanoTime() - start, rate);
    while (!stopping && sent < due && inFlight < maxInFlight) {
      int n = (int) Math.min(perPost, due - sent);
      sent += n;
      inFlight++;
      long t0 = System.nanoTime();
      boolean timed = recording;
      load.post(body.events(n, t0), n).onComplete(ar -> {
        inFlight--;
        if (ar.succeeded() && ar.result() / 100 == 2) {
          acknowledged += n;
          if (timed) {
            acks.record((System.nanoTime() - t0) / 1000);
          }
        }
        if (stopping && inFlight == 0) {
          drained.tryComplete();
        }
      });
    }
  }

  /** Stops publishing; completes once every {@code POST} sent has been answered. */
  Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    context.runOnContext(v -> {
      stopping = true;
      load.vertx.cancelTimer(timer);
      if (inFlight == 0) {
        drained.tryComplete();
      }
      drained.future().onComplete(stopped);
    });
    return stopped.future();
  }
}
