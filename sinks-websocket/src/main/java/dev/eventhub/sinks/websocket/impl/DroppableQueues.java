package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.stream.PendingEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The live events of one connection's {@code drop-oldest} and {@code latest-per-key} subscriptions that wait for
 * the socket, each subscription's in its own {@link PendingEvents}: which subscriptions wait, in the order they
 * began to, the bytes they hold together, dropping the oldest to make room, and writing them out once the socket
 * takes more. The {@link Outbox} decides when; {@code close} subscriptions wait in its {@link Backlog} instead.
 *
 * <p>One connection's thread only.
 */
final class DroppableQueues {
  private final WebSocketStats stats;
  private final QueuedCounts queued;
  // Subscriptions with events in their own pending queue or a gap to tell, in the order they began waiting.
  private List<Subscription> waiting;
  // The bytes of every subscription's pending events.
  private long bytes;

  DroppableQueues(WebSocketStats stats, QueuedCounts queued) {
    this.stats = stats;
    this.queued = queued;
  }

  /** The bytes of the events waiting. */
  long bytes() {
    return bytes;
  }

  /** How many events wait. */
  long events() {
    long n = 0;
    if (waiting != null) {
      for (Subscription s : waiting) {
        n += s.pending().size();
      }
    }
    return n;
  }

  /**
   * Queues {@code e} behind what {@code s} already holds (a {@code latest-per-key} queue may replace an event of the
   * same key instead: counted as superseded); returns the bytes the queue grew by. The caller counts the event as
   * queued once the queue is back within its bound.
   */
  long add(Subscription s, Encoded e) {
    PendingEvents<Encoded> own = s.pending();
    int before = own.size();
    long grew = own.add(e);
    bytes += grew;
    if (own.size() == before) {
      stats.superseded(1);
    }
    if (!s.waiting) {
      s.waiting = true;
      if (waiting == null) {
        waiting = new ArrayList<>(2);
      }
      waiting.add(s);
    }
    return grew;
  }

  /**
   * Drops the oldest events, subscription after subscription in the order they began waiting, until these queues
   * hold at most {@code limit} bytes or nothing is left to drop; each drop is counted.
   */
  void shedTo(long limit) {
    if (waiting == null) {
      return;
    }
    for (int i = 0; i < waiting.size() && bytes > limit; i++) {
      PendingEvents<Encoded> own = waiting.get(i).pending();
      long freed;
      while (bytes > limit && (freed = own.dropOldest()) > 0) {
        bytes -= freed;
        stats.dropped(1, freed);
      }
    }
  }

  /** A droppable subscription closes: what waits for it is dropped, unsent. */
  void forget(Subscription s) {
    PendingEvents<Encoded> own = s.pending();
    int events = own.size();
    long freed = own.clear();
    bytes -= freed;
    queued.add(-events, -freed);
  }

  /**
   * Writes the waiting subscriptions' gaps and events, one subscription after the other, while {@code takesMore}
   * says the socket takes another frame; returns false when it filled up first.
   */
  boolean drain(BooleanSupplier takesMore) {
    while (waiting != null && !waiting.isEmpty()) {
      Subscription s = waiting.get(0);
      PendingEvents<Encoded> own = s.pending();
      if (!s.closed()) {
        if (!takesMore.getAsBoolean()) {
          return false;
        }
        PendingEvents.Gap gap = own.takeGap();
        if (gap != null) {
          s.writeGap(gap);
          stats.gapSent();
        }
        Encoded e;
        while (takesMore.getAsBoolean() && (e = own.poll()) != null) {
          long size = e.size(s);
          bytes -= size;
          queued.add(-1, -size);
          s.writeNow(e);
        }
        if (!own.isEmpty()) {
          return false;
        }
      }
      s.waiting = false;
      waiting.remove(0);
    }
    return true;
  }

  /** Drops everything waiting: the connection writes nothing more. */
  void clear() {
    if (waiting != null) {
      for (Subscription s : waiting) {
        forget(s);
        s.waiting = false;
      }
      waiting = null;
    }
  }
}
