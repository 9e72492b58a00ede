package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.spi.EventInterest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The open streams, and the slots of the connection limit (taken before a stream starts). */
final class Streams {
  private final int max;
  private final AtomicInteger slots = new AtomicInteger();
  private final Set<SseStream> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastId = new AtomicLong();
  private volatile boolean closed;
  // Issue 24: the categories the open streams want on the bus.
  private final EventInterest interest;

  Streams(int max) {
    this(max, EventInterest.UNTRACKED);
  }

  Streams(int max, EventInterest interest) {
    this.max = max;
    this.interest = interest;
  }

  /** Takes a slot; {@code false} at the limit or once shutting down. */
  boolean tryReserve() {
    while (true) {
      int taken = slots.get();
      if (closed || taken >= max) {
        return false;
      }
      if (slots.compareAndSet(taken, taken + 1)) {
        return true;
      }
    }
  }

  boolean closed() {
    return closed;
  }

  /** A new stream's id: {@code sse-1}, {@code sse-2}, ... since the sink started. */
  String nextId() {
    return "sse-" + lastId.incrementAndGet();
  }

  /** What every open stream says of itself ({@link SseStream#describe()}). */
  Future<List<JsonObject>> describeAll() {
    List<Future<JsonObject>> all = new ArrayList<>();
    for (SseStream s : open) {
      all.add(s.describe());
    }
    return Future.all(all).map(f -> f.<JsonObject>list());
  }

  /** Ends the open stream {@code id} for an operator; {@code false} when there is none. */
  boolean closeByOperator(String id) {
    for (SseStream s : open) {
      if (s.id().equals(id)) {
        s.closeByOperator();
        return true;
      }
    }
    return false;
  }

  /** The open streams; read by the dispatcher for each batch. */
  Set<SseStream> open() {
    return open;
  }

  // Before the stream reads the head: every event recorded after it goes on the bus.
  void add(SseStream s) {
    if (open.add(s)) {
      s.filter().categories().forEach(interest::want);
    }
  }

  /** Forgets an ended stream and frees its slot. */
  void remove(SseStream s) {
    if (open.remove(s)) {
      s.filter().categories().forEach(interest::unwant);
      slots.decrementAndGet();
    }
  }

  /** Refuses new streams and ends every open one; completes when all ended or after {@code timeoutMs}. */
  Future<Void> closeAll(long timeoutMs) {
    closed = true;
    List<Future<Void>> ending = new ArrayList<>();
    for (SseStream s : open) {
      ending.add(s.shutdown());
    }
    return Future.join(ending).<Void>mapEmpty().timeout(timeoutMs, TimeUnit.MILLISECONDS).otherwiseEmpty();
  }
}
