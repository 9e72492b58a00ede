package dev.eventhub.runtime.http;

import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bound on concurrent HTTP connections ({@code http.maxConnections}), WebSockets included, shared by
 * every server instance: a connection over it is closed as soon as it is accepted, before any request
 * is read, so that a flood of idle connections cannot exhaust the hub's file descriptors.
 */
public final class ConnectionLimit {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimit.class);

  private final int max;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger refusedSinceLastLog = new AtomicInteger();

  public ConnectionLimit(int max) {
    this.max = max;
  }

  /** Counts {@code connection} in, or closes it when the hub holds {@code max} already. */
  void accept(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      if (refusedSinceLastLog.getAndIncrement() == 0) {
        LOG.warn("refusing HTTP connections: the hub holds http.maxConnections (" + max + ") already");
      }
      connection.close();
      return;
    }
    refusedSinceLastLog.set(0);
    connection.closeHandler(v -> open.decrementAndGet());
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }
}
