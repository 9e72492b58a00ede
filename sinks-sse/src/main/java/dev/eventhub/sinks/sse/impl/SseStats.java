package dev.eventhub.sinks.sse.impl;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The sink's counters, served at {@code GET /api/sse/stats} to admins and as metrics. */
final class SseStats {
  private final LongAdder open = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder authFailures = new LongAdder();
  private final LongAdder eventsSent = new LongAdder();
  private final LongAdder replayedSent = new LongAdder();
  private final LongAdder heartbeats = new LongAdder();
  private final LongAdder slowConsumerCloses = new LongAdder();
  private final LongAdder eventsDropped = new LongAdder();
  private final LongAdder eventsSuperseded = new LongAdder();
  private final LongAdder gapEvents = new LongAdder();
  private final AtomicLong queuedBytesPeak = new AtomicLong();

  void opened() {
    open.increment();
    accepted.increment();
  }

  void closed() {
    open.decrement();
  }

  void rejected() {
    rejected.increment();
  }

  void authFailed() {
    authFailures.increment();
  }

  void sent(long events) {
    eventsSent.add(events);
  }

  void replayed(long events) {
    replayedSent.add(events);
  }

  void heartbeat() {
    heartbeats.increment();
  }

  void slowConsumerClosed() {
    slowConsumerCloses.increment();
  }

  void dropped(long events) {
    eventsDropped.add(events);
  }

  void superseded(long events) {
    eventsSuperseded.add(events);
  }

  void gapSent() {
    gapEvents.increment();
  }

  // The most one drop-oldest or latest-per-key stream held waiting (after its drops): never past maxQueuedBytes.
  void queuedBytes(long bytes) {
    queuedBytesPeak.accumulateAndGet(bytes, Math::max);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("connectionsOpen", open.sum())
        .put("connectionsAccepted", accepted.sum())
        .put("connectionsRejected", rejected.sum())
        .put("authFailures", authFailures.sum())
        .put("eventsSent", eventsSent.sum())
        .put("replayedEventsSent", replayedSent.sum())
        .put("heartbeatsSent", heartbeats.sum())
        .put("slowConsumerCloses", slowConsumerCloses.sum())
        .put("eventsDropped", eventsDropped.sum())
        .put("eventsSuperseded", eventsSuperseded.sum())
        .put("gapEvents", gapEvents.sum())
        .put("queuedBytesPeak", queuedBytesPeak.get());
  }
}
