package dev.eventhub.sinks.sse.impl;

import io.vertx.core.json.JsonObject;
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

  JsonObject toJson() {
    return new JsonObject()
        .put("connectionsOpen", open.sum())
        .put("connectionsAccepted", accepted.sum())
        .put("connectionsRejected", rejected.sum())
        .put("authFailures", authFailures.sum())
        .put("eventsSent", eventsSent.sum())
        .put("replayedEventsSent", replayedSent.sum())
        .put("heartbeatsSent", heartbeats.sum())
        .put("slowConsumerCloses", slowConsumerCloses.sum());
  }
}
