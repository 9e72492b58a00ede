package dev.eventhub.runtime.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpConnection;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
  // Whether each counted connection was counted out yet, weakly held: the hub must not keep a connection's
  // objects alive (the WebSocket sink lets go of Vert.x's once it upgraded one).
  private final Map<HttpConnection, AtomicBoolean> counted = Collections.synchronizedMap(new WeakHashMap<>());

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
    AtomicBoolean out = new AtomicBoolean();
    counted.put(connection, out);
    connection.closeHandler(v -> countOut(out));
  }

  /**
   * Counts {@code connection} out once {@code closed} completes: Vert.x never calls the close handler of
   * a connection it upgraded to a WebSocket, so the plugin serving the WebSocket says when it ended
   * ({@code PluginContext.upgraded}).
   */
  public void upgraded(HttpConnection connection, Future<Void> closed) {
    AtomicBoolean out = counted.get(connection);
    if (out != null) {
      closed.onComplete(ar -> countOut(out));
    }
  }

  private void countOut(AtomicBoolean out) {
    if (out.compareAndSet(false, true)) {
      open.decrementAndGet();
    }
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }
}
