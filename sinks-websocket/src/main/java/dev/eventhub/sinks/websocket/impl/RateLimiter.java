package dev.eventhub.sinks.websocket.impl;

/** A token bucket: {@code perSecond} messages a second, bursts up to {@code perSecond}. One connection's thread only. */
final class RateLimiter {
  private final double capacity;
  private final double perNano;
  private double tokens;
  private long last;

  RateLimiter(int perSecond) {
    this.capacity = perSecond;
    this.perNano = perSecond / 1e9;
    this.tokens = perSecond;
    this.last = System.nanoTime();
  }

  boolean tryAcquire() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - last) * perNano);
    last = now;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
