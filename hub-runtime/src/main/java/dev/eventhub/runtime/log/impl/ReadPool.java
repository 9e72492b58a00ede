package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's reads: a few worker threads, each with a read-only connection of its own, that never
 * wait for the writer (WAL mode).
 */
final class ReadPool {
  private static final Logger LOG = LoggerFactory.getLogger(ReadPool.class);
  private static final int READERS = 2;

  private final Path dir;
  private final WorkerExecutor pool;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final ThreadLocal<Connection> connection = new ThreadLocal<>();

  ReadPool(Vertx vertx, Path dir, String name) {
    this.dir = dir;
    this.pool = vertx.createSharedWorkerExecutor(name, READERS);
  }

  /** Runs {@code body} on a reader thread; a fault of the store fails it as a 503 the client may retry. */
  <T> Future<T> run(SqlOp.Body<T> body) {
    return pool.<T>executeBlocking(() -> body.apply(connection()), false).recover(e -> {
      if (!StoreHealth.isStoreFault(e)) {
        return Future.failedFuture(e);
      }
      LOG.warn("a read of the log failed: " + e.getMessage());
      return Future.failedFuture(new HubException(ErrorCode.STORAGE_UNAVAILABLE,
          "the hub's storage failed a read; retry later"));
    });
  }

  private Connection connection() throws SQLException {
    Connection c = connection.get();
    if (c == null) {
      c = Schema.reader(dir);
      connection.set(c);
      connections.add(c);
    }
    return c;
  }

  void close() {
    for (Connection c : connections) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing; nothing to do about it.
      }
    }
    pool.close();
  }
}
