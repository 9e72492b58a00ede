package dev.eventhub.sinks.websocket.impl;

/**
 * One connection's changes to the sink's counts of events waiting for sockets ({@link WebSocketStats#queued}),
 * added up on the connection's thread and handed over when its pass ends ({@link Outbox#endPass()}): the sink's
 * counters are shared by every event loop, and a socket that does not keep up queues and drains every event of
 * a fan-out, so counting each one there cost more than queueing it (three atomic updates of contended cache
 * lines per event, twice; issue 24 item 2). What the counters show is each connection's queue as its last pass
 * left it.
 *
 * <p>One connection's thread only.
 */
final class QueuedCounts {
  private final WebSocketStats stats;
  private long events;
  private long bytes;

  QueuedCounts(WebSocketStats stats) {
    this.stats = stats;
  }

  /** Events that began to wait (positive) or stopped waiting (negative), and their bytes. */
  void add(long events, long bytes) {
    this.events += events;
    this.bytes += bytes;
  }

  /** Hands what was added since the last call to the sink's counters. */
  void publish() {
    if (events != 0 || bytes != 0) {
      stats.queued(events, bytes);
      events = 0;
      bytes = 0;
    }
  }
}
