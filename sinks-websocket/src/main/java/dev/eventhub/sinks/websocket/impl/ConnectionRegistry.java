package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The open connections, and the slots of the connection limit (taken before the upgrade). */
final class ConnectionRegistry {
  private final int max;
  private final AtomicInteger slots = new AtomicInteger();
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong lastId = new AtomicLong();
  private final Map<Thread, HeartbeatWheel> heartbeats = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ConnectionRegistry(int max) {
    this.max = max;
  }

  /** Takes a slot for an upgrade; {@code false} at the limit or once shutting down. */
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

  /** Gives back a slot whose upgrade failed. */
  void release() {
    slots.decrementAndGet();
  }

  boolean closed() {
    return closed;
  }

  /** A new connection's id: {@code ws-1}, {@code ws-2}, ... in the order of upgrades since the sink started. */
  String nextId() {
    return "ws-" + lastId.incrementAndGet();
  }

  /** What every open connection says of itself ({@link Connection#describe()}), in no particular order. */
  Future<List<JsonObject>> describeAll() {
    List<Future<JsonObject>> all = new ArrayList<>();
    for (Connection c : open) {
      all.add(c.describe());
    }
    return Future.all(all).map(f -> f.<JsonObject>list());
  }

  /** Closes the open connection {@code id} for an operator; {@code false} when there is none. */
  boolean closeByOperator(String id) {
    for (Connection c : open) {
      if (c.id().equals(id)) {
        c.closeByOperator();
        return true;
      }
    }
    return false;
  }

  /**
   * The heartbeats of the connections of the calling event loop (one wheel per loop, keyed by its thread as the
   * fan-out is), ticking at {@code intervalMs} / {@value HeartbeatWheel#SLOTS}; on that loop.
   */
  HeartbeatWheel heartbeats(long intervalMs) {
    if (!Context.isOnEventLoopThread()) {
      throw new IllegalStateException("a connection's heartbeat is looked up on the connection's own event loop");
    }
    return heartbeats.computeIfAbsent(Thread.currentThread(), thread -> new HeartbeatWheel(intervalMs));
  }

  void add(Connection c) {
    open.add(c);
  }

  /** Forgets a closed connection and frees its slot. */
  void remove(Connection c) {
    if (open.remove(c)) {
      slots.decrementAndGet();
    }
  }

  /** Refuses new connections and closes every open one with 1001; completes when all closed or after {@code timeoutMs}. */
  Future<Void> closeAll(long timeoutMs) {
    closed = true;
    List<Future<Void>> closing = new ArrayList<>();
    for (Connection c : open) {
      closing.add(c.shutdown());
    }
    return Future.join(closing).<Void>mapEmpty().timeout(timeoutMs, TimeUnit.MILLISECONDS).otherwiseEmpty();
  }
}
