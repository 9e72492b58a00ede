package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbound side of one connection: a bounded queue of live events filled by the dispatcher and
 * emptied on the connection's thread as fast as the socket takes them.
 *
 * <p>The dispatcher never waits: when the bytes queued for this connection pass the limit, the queue
 * is dropped and the connection is reported slow (it is then closed with 4008), so a client that
 * stops reading costs the others and the publishers nothing.
 */
final class Outbox {
  private final WebSocketBase ws;
  private final Context context;
  private final long maxQueuedBytes;
  private final WebSocketStats stats;
  private final Runnable onSlowConsumer;
  private final Queue<Delivery> queue = new ConcurrentLinkedQueue<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final List<Subscription> batching = new ArrayList<>();
  private List<Runnable> waitingForWritable = new ArrayList<>();
  private volatile boolean stopped;

  Outbox(WebSocketBase ws, Context context, long maxQueuedBytes, WebSocketStats stats, Runnable onSlowConsumer) {
    this.ws = ws;
    this.context = context;
    this.maxQueuedBytes = maxQueuedBytes;
    this.stats = stats;
    this.onSlowConsumer = onSlowConsumer;
    ws.drainHandler(v -> writable());
  }

  /** Queues a live event; called on the dispatcher's thread. */
  void offer(Delivery d) {
    if (stopped) {
      return;
    }
    if (queuedBytes.addAndGet(d.size()) > maxQueuedBytes) {
      stopped = true;
      context.runOnContext(v -> {
        queue.clear();
        onSlowConsumer.run();
      });
      return;
    }
    queue.add(d);
    if (!drainScheduled.get() && drainScheduled.compareAndSet(false, true)) {
      context.runOnContext(v -> drain());
    }
  }

  /** Writes one frame now, whatever the queue holds; {@code events} counts the events in it. */
  void write(Buffer frame, int events) {
    if (!stopped) {
      Frames.write(ws, frame);
      stats.framesSent(1, events);
    }
  }

  /** Runs {@code action} once the socket takes more data: at once, or when it has drained. */
  void whenWritable(Runnable action) {
    if (stopped) {
      return;
    }
    if (full()) {
      waitingForWritable.add(action);
    } else {
      action.run();
    }
  }

  /** Marks {@code s} as filling an {@code events} frame, to be written when this drain pass ends. */
  void batching(Subscription s) {
    batching.add(s);
  }

  /** Drops everything queued and writes nothing more. */
  void stop() {
    stopped = true;
    queue.clear();
    waitingForWritable.clear();
    batching.clear();
  }

  private void drain() {
    drainScheduled.set(false);
    Delivery d;
    while (!stopped && (d = queue.peek()) != null) {
      // Events of a subscription still replaying go to its hold buffer, not the socket: take them even
      // when the socket is full, so that a long replay does not pass for a slow consumer.
      if (d.subscription().writes() && full()) {
        break;
      }
      queue.poll();
      queuedBytes.addAndGet(-d.size());
      d.subscription().receive(d);
    }
    for (int i = 0; i < batching.size(); i++) {
      batching.get(i).flushBatch();
    }
    batching.clear();
  }

  private void writable() {
    List<Runnable> waiting = waitingForWritable;
    waitingForWritable = new ArrayList<>();
    waiting.forEach(Runnable::run);
    drain();
  }

  /** Whether the socket takes no more for now; on the connection's thread. */
  boolean full() {
    try {
      return ws.writeQueueFull();
    } catch (IllegalStateException closed) {
      return true;
    }
  }
}
