package dev.eventhub.sinks.mcp.impl;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** The sink's counters, served to admins at {@code /api/mcp/stats} and as metrics. */
final class McpStats {
  private final AtomicLong sessionsOpened = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong authFailures = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private IntSupplier sessionsOpen = () -> 0;
  private IntSupplier waiting = () -> 0;

  void gauges(IntSupplier sessionsOpen, IntSupplier waiting) {
    this.sessionsOpen = sessionsOpen;
    this.waiting = waiting;
  }

  void sessionOpened() {
    sessionsOpened.incrementAndGet();
  }

  void request() {
    requests.incrementAndGet();
  }

  void authFailed() {
    authFailures.incrementAndGet();
  }

  void malformed() {
    malformed.incrementAndGet();
  }

  /** A request refused by a limit (size, sessions). */
  void refused() {
    refused.incrementAndGet();
  }

  JsonObject toJson() {
    return new JsonObject().put("sessionsOpen", sessionsOpen.getAsInt()).put("sessionsOpened", sessionsOpened.get())
        .put("requests", requests.get()).put("waiting", waiting.getAsInt()).put("authFailures", authFailures.get())
        .put("malformed", malformed.get()).put("refused", refused.get());
  }
}
