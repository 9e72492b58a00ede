package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.log.EntryResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests of this node waiting for their records to be applied here, keyed by the {@code hub-origin}
 * header their records carry. Bounded like the single node's write queue (events and bytes in flight), so
 * that a slow cluster answers 503 instead of taking the hub's memory.
 */
public final class Waiters {
  private final String nodeId;
  // Unique across restarts of this node: a record produced before a restart never completes a new request.
  private final AtomicLong requestNo = new AtomicLong(System.currentTimeMillis() * 1000);
  private final Map<String, Waiter> waiting = new ConcurrentHashMap<>();
  private final long maxEvents;
  private final long maxBytes;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  public Waiters(String nodeId, long maxEvents, long maxBytes) {
    this.nodeId = nodeId;
    this.maxEvents = maxEvents;
    this.maxBytes = maxBytes;
  }

  /** One request's wait: {@code expected} records, all with {@link #origin()}. */
  public final class Waiter {
    private final String origin;
    private final int expected;
    private final long weightBytes;
    private final Context context;
    private final Promise<List<EntryResult>> promise = Promise.promise();
    private final List<EntryResult> results = new ArrayList<>();

    private Waiter(String origin, int expected, long weightBytes, Context context) {
      this.origin = origin;
      this.expected = expected;
      this.weightBytes = weightBytes;
      this.context = context;
    }

    public String origin() {
      return origin;
    }

    public Future<List<EntryResult>> future() {
      return promise.future();
    }

    /** Fails the wait (a send failed, a timeout) unless it already completed. */
    public void fail(Throwable cause) {
      if (release()) {
        context.runOnContext(v -> promise.tryFail(cause));
      }
    }

    // Called on the applier's thread, in offset order.
    private void applied(EntryResult result) {
      results.add(result);
      if (results.size() == expected && release()) {
        List<EntryResult> done = List.copyOf(results);
        context.runOnContext(v -> promise.tryComplete(done));
      }
    }

    private boolean release() {
      if (waiting.remove(origin, this)) {
        events.addAndGet(-expected);
        bytes.addAndGet(-weightBytes);
        return true;
      }
      return false;
    }
  }

  /**
   * Registers a request of {@code count} records and {@code size} bytes; refused (UNAVAILABLE) when the
   * requests in flight are over the bounds ({@code log.maxQueuedEvents}, {@code log.maxQueuedBytes}).
   */
  public Waiter register(int count, long size, Context context) {
    long inFlight = events.get();
    if (inFlight > 0 && (inFlight + count > maxEvents || bytes.get() + size > maxBytes)) {
      throw new HubException(ErrorCode.UNAVAILABLE, "the cluster's log is behind: " + inFlight
          + " events wait to be acknowledged and applied (log.maxQueuedEvents " + maxEvents + ", log.maxQueuedBytes "
          + maxBytes + "); nothing was recorded, retry later");
    }
    events.addAndGet(count);
    bytes.addAndGet(size);
    Waiter waiter = new Waiter(nodeId + ":" + requestNo.incrementAndGet(), count, size, context);
    waiting.put(waiter.origin, waiter);
    return waiter;
  }

  /** Hands applied results to the requests that wait for them. */
  public void applied(List<EntryResult> results) {
    for (EntryResult r : results) {
      String origin = r.entry().origin();
      Waiter w = origin == null ? null : waiting.get(origin);
      if (w != null) {
        w.applied(r);
      }
    }
  }

  /** Fails every wait: the log is closing. */
  public void failAll(Throwable cause) {
    List.copyOf(waiting.values()).forEach(w -> w.fail(cause));
  }

  public int size() {
    return waiting.size();
  }
}
