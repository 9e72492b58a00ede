package dev.eventhub.sinks.mcp.impl;

import java.time.Instant;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One MCP session: made by {@code initialize}, bound to the token that made it (only requests with that
 * token reach it), ended by {@code DELETE}, by the token's expiry, or after being idle. Its requests may
 * come on any connection, so its state is thread-safe.
 */
final class Session {
  final String id;
  final String tokenHash;
  final String subject;
  final Instant expiresAt;
  final String protocolVersion;
  private final AtomicInteger waits = new AtomicInteger();
  private final Map<String, Throttle> subscriptions = new ConcurrentHashMap<>();
  private volatile long lastSeen = System.currentTimeMillis();
  private volatile SseStream stream;
  private volatile boolean closed;

  Session(String id, String tokenHash, String subject, Instant expiresAt, String protocolVersion) {
    this.id = id;
    this.tokenHash = tokenHash;
    this.subject = subject;
    this.expiresAt = expiresAt;
    this.protocolVersion = protocolVersion;
  }

  void touch() {
    lastSeen = System.currentTimeMillis();
  }

  /** Whether the session should end at {@code now}: its token expired, or it sat idle too long. */
  boolean over(long now, long idleMillis) {
    if (expiresAt != null && now >= expiresAt.toEpochMilli()) {
      return true;
    }
    SseStream s = stream;
    boolean active = waits.get() > 0 || (s != null && !s.closed());
    return !active && now - lastSeen > idleMillis;
  }

  boolean tryWait(int max) {
    if (waits.incrementAndGet() > max) {
      waits.decrementAndGet();
      return false;
    }
    return true;
  }

  void waitDone() {
    waits.decrementAndGet();
  }

  /** The categories whose {@code hub://events/{category}} this session subscribed to, with their throttles. */
  Map<String, Throttle> subscriptions() {
    return subscriptions;
  }

  /**
   * At most one {@code notifications/resources/updated} per interval for one resource: the first event
   * after a quiet interval is told at once, the others are folded into one told when the interval ends.
   */
  static final class Throttle {
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile long lastSent;

    /** Called for each new event; runs {@code send} now or schedules it, unless one is already due. */
    void offer(Vertx vertx, long intervalMillis, Runnable send) {
      if (!pending.compareAndSet(false, true)) {
        return;
      }
      long delay = lastSent + intervalMillis - System.currentTimeMillis();
      Runnable fire = () -> {
        pending.set(false);
        lastSent = System.currentTimeMillis();
        send.run();
      };
      if (delay <= 0) {
        fire.run();
      } else {
        vertx.setTimer(delay, id -> fire.run());
      }
    }
  }

  /** Replaces the session's notification stream (a client opens at most one; a new one replaces the old). */
  void stream(SseStream next) {
    SseStream old = stream;
    stream = next;
    if (old != null) {
      old.end();
    }
  }

  SseStream stream() {
    return stream;
  }

  boolean closed() {
    return closed;
  }

  void close() {
    closed = true;
    SseStream s = stream;
    if (s != null) {
      s.end();
    }
  }
}
