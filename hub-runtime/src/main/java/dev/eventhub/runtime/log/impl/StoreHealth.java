package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the store takes writes, and the writes the log refused and why. A full disk or a failing
 * store is one fault episode from the first failed commit to the next successful one: logged once
 * when it starts and once when it ends, not per write, and reported by {@code /ready} meanwhile.
 */
final class StoreHealth {
  static final String QUEUE_FULL = "queue_full";
  static final String MAX_CATEGORIES = "max_categories";

  private static final Logger LOG = LoggerFactory.getLogger(StoreHealth.class);
  // SQLite's primary result codes that mean the store itself failed, not the statement.
  private static final int BUSY = 5;
  private static final int LOCKED = 6;
  private static final int NOMEM = 7;
  private static final int READONLY = 8;
  private static final int IOERR = 10;
  private static final int CORRUPT = 11;
  private static final int FULL = 13;
  private static final int CANTOPEN = 14;
  private static final int PROTOCOL = 15;
  private static final int NOTADB = 26;

  private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
  private volatile HubException fault;

  /** Whether {@code e} is the store failing (disk full, I/O), as opposed to one statement being refused. */
  static boolean isStoreFault(Throwable e) {
    if (!(e instanceof SQLException sql)) {
      return false;
    }
    int code = sql.getErrorCode() & 0xFF;
    return switch (code) {
      case BUSY, LOCKED, NOMEM, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, PROTOCOL, NOTADB -> true;
      default -> isFull(sql);
    };
  }

  private static boolean isFull(SQLException e) {
    return (e.getErrorCode() & 0xFF) == FULL || String.valueOf(e.getMessage()).contains("SQLITE_FULL");
  }

  /**
   * A commit failed because of the store: starts a fault episode (logged) unless one is on, and
   * returns what the writes fail with.
   */
  HubException failed(SQLException cause) {
    HubException error = isFull(cause)
        ? new HubException(ErrorCode.STORAGE_FULL,
            "the hub's storage is full: nothing was recorded; retry later")
        : new HubException(ErrorCode.STORAGE_UNAVAILABLE,
            "the hub's storage failed a write: nothing was recorded; retry later");
    HubException before = fault;
    fault = error;
    if (before == null || before.code() != error.code()) {
      // The stack trace once per episode: the same one for every further write would bury the log.
      LOG.error("the log's store refuses writes (" + error.code().code() + "); publishes are answered"
          + " 503 until a write succeeds again, which is tried every second", cause);
    }
    return error;
  }

  /** A commit or probe succeeded: ends the fault episode, if one was on. */
  void succeeded() {
    if (fault != null) {
      fault = null;
      LOG.info("the log's store takes writes again");
    }
  }

  /** The error writes fail with now, or null while the store takes writes. */
  HubException fault() {
    return fault;
  }

  void refused(String reason, long writes) {
    refused.computeIfAbsent(reason, r -> new AtomicLong()).addAndGet(writes);
  }

  /** Writes refused since start, by reason. */
  Map<String, Long> refusedCounts() {
    Map<String, Long> out = new TreeMap<>();
    refused.forEach((reason, n) -> out.put(reason, n.get()));
    return out;
  }
}
