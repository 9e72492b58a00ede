package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The sink's counters, updated from every connection's thread and read as JSON at {@code GET
 * /api/websocket/stats}: what the metrics endpoint will publish.
 */
public final class WebSocketStats {
  private final AtomicLong connectionsOpen = new AtomicLong();
  private final LongAdder connectionsAccepted = new LongAdder();
  private final LongAdder upgradesRejected = new LongAdder();
  private final LongAdder authFailures = new LongAdder();
  private final AtomicLong subscriptionsActive = new AtomicLong();
  private final LongAdder subscriptionsCreated = new LongAdder();
  private final LongAdder framesSent = new LongAdder();
  private final LongAdder eventsSent = new LongAdder();
  private final LongAdder slowConsumerCloses = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder queuedEvents = new LongAdder();
  // Atomic, not an adder: the peak needs the sum at each change (changes only while clients are behind).
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicLong queuedBytesPeak = new AtomicLong();
  private final LongAdder eventsDropped = new LongAdder();
  private final LongAdder eventsSuperseded = new LongAdder();
  private final LongAdder gapFrames = new LongAdder();
  // Issue 20: named consumers.
  private final AtomicLong consumers = new AtomicLong();
  private final LongAdder consumersExpired = new LongAdder();
  private final LongAdder consumerRedeliveries = new LongAdder();

  void consumers(long count) {
    consumers.set(count);
  }

  void consumerExpired() {
    consumersExpired.increment();
  }

  void consumerRedelivered(long n) {
    consumerRedeliveries.add(n);
  }

  void connectionOpened() {
    connectionsOpen.incrementAndGet();
    connectionsAccepted.increment();
  }

  void connectionClosed() {
    connectionsOpen.decrementAndGet();
  }

  void upgradeRejected() {
    upgradesRejected.increment();
  }

  void authFailed() {
    authFailures.increment();
    upgradesRejected.increment();
  }

  void subscribed() {
    subscriptionsActive.incrementAndGet();
    subscriptionsCreated.increment();
  }

  void unsubscribed() {
    subscriptionsActive.decrementAndGet();
  }

  void framesSent(long frames, long events) {
    framesSent.add(frames);
    eventsSent.add(events);
  }

  void slowConsumerClosed() {
    slowConsumerCloses.increment();
  }

  void rateLimited() {
    rateLimited.increment();
  }

  // Events waiting for sockets that do not take them now (negative counts when they leave the queue).
  void queued(long events, long bytes) {
    queuedEvents.add(events);
    long now = queuedBytes.addAndGet(bytes);
    if (bytes > 0) {
      queuedBytesPeak.accumulateAndGet(now, Math::max);
    }
  }

  void dropped(long events, long bytes) {
    eventsDropped.add(events);
    queued(-events, -bytes);
  }

  void superseded(long events) {
    eventsSuperseded.add(events);
  }

  void gapSent() {
    gapFrames.increment();
  }

  /** Open connections now. */
  public long connectionsOpen() {
    return connectionsOpen.get();
  }

  /** Closes for falling behind (code 4008) since the sink started. */
  public long slowConsumerCloses() {
    return slowConsumerCloses.sum();
  }

  /** The counters as a JSON object; gauges are current values, the rest totals since the sink started. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("connectionsOpen", connectionsOpen.get())
        .put("connectionsAccepted", connectionsAccepted.sum())
        .put("upgradesRejected", upgradesRejected.sum())
        .put("authFailures", authFailures.sum())
        .put("subscriptionsActive", subscriptionsActive.get())
        .put("subscriptionsCreated", subscriptionsCreated.sum())
        .put("framesSent", framesSent.sum())
        .put("eventsSent", eventsSent.sum())
        .put("slowConsumerCloses", slowConsumerCloses.sum())
        .put("rateLimited", rateLimited.sum())
        .put("queuedEvents", queuedEvents.sum())
        .put("queuedBytes", queuedBytes.get())
        .put("queuedBytesPeak", queuedBytesPeak.get())
        .put("eventsDropped", eventsDropped.sum())
        .put("eventsSuperseded", eventsSuperseded.sum())
        .put("gapFrames", gapFrames.sum())
        .put("consumers", consumers.get())
        .put("consumersExpired", consumersExpired.sum())
        .put("consumerRedeliveries", consumerRedeliveries.sum());
  }
}
