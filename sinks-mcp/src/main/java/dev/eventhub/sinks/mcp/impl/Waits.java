package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.GrantedHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.sinks.mcp.McpSinkOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import dev.eventhub.api.spi.EventInterest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code wait_for_events}: answers as soon as an event matching the filter is recorded after {@code since}
 * (after the call's start when absent), or with nothing at the timeout.
 *
 * <p>A waiting call holds no thread: it is a {@link Waiter} in a set that the sink's event-bus consumer
 * pokes with each new event, and a timer. A poke only schedules a read of the log after the call's
 * cursor on the call's own context, so what the call answers is exactly what {@code query_events} would
 * (the log is the truth; the bus is only the doorbell), and many events coalesce into one read.
 */
final class Waits {
  static final int MAX_TIMEOUT_SECONDS = 60;
  static final int DEFAULT_TIMEOUT_SECONDS = 30;

  private final Vertx vertx;
  private final EventHistory history;
  private final McpSinkOptions options;
  private final Set<Waiter> waiters = ConcurrentHashMap.newKeySet();
  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger armed = new AtomicInteger();

  // Issue 24: a waiting call wants every category on the bus (its filter decides, from the events it sees).
  private final EventInterest interest;

  Waits(Vertx vertx, EventHistory history, McpSinkOptions options) {
    this(vertx, history, options, EventInterest.UNTRACKED);
  }

  Waits(Vertx vertx, EventHistory history, McpSinkOptions options, EventInterest interest) {
    this.vertx = vertx;
    this.history = history;
    this.options = options;
    this.interest = interest;
  }

  Tool tool() {
    int max = options.maxResultEvents();
    JsonObject input = Schemas.object(Schemas.filterProperties()
        .put("since", Schemas.string("a cursor: wait for events recorded after it (after this call starts when "
            + "absent); events already recorded after it are answered at once"))
        .put("timeoutSeconds", Schemas.integer(1, MAX_TIMEOUT_SECONDS, "how long to wait at most (default "
            + DEFAULT_TIMEOUT_SECONDS + ")"))
        .put("limit", Schemas.integer(1, max, "the most events to return (default 20)")), "categories");
    return new HubTools.BuiltIn("wait_for_events",
        "Waits until at least one event matching the filter is recorded after 'since' (or after the call starts), "
            + "then returns the matching events; returns an empty list with timedOut=true when none came within "
            + "timeoutSeconds (at most 60). Call again with since = 'next' to keep following. Needs subscribe scopes "
            + "for the categories.",
        input, Schemas.page(true), true, this::call, Results::renderPage);
  }

  /** Tells the waiters of a new event; on the consumer's thread, costs a filter match per waiter. */
  void offer(HubEvent event) {
    for (Waiter w : waiters) {
      w.offer(event);
    }
  }

  /** Calls waiting with their starting cursor known: an event recorded from now on answers them. */
  int waiting() {
    return armed.get();
  }

  private Future<JsonObject> call(Tool.Call call, JsonObject args) {
    EventFilter filter = Args.filter(args, call.principal());
    String since = Args.string(args, "since", false, 256);
    int timeout = Args.integer(args, "timeoutSeconds", DEFAULT_TIMEOUT_SECONDS, 1, MAX_TIMEOUT_SECONDS);
    int limit = Args.integer(args, "limit", Math.min(20, options.maxResultEvents()), 1, options.maxResultEvents());
    if (!call.session().tryWait(options.maxWaitsPerSession())) {
      throw new Rpc.Error(Rpc.LIMIT, "this session has the most waiting calls allowed ("
          + options.maxWaitsPerSession() + ")");
    }
    if (count.incrementAndGet() > options.maxConcurrentWaits()) {
      count.decrementAndGet();
      call.session().waitDone();
      throw new Rpc.Error(Rpc.LIMIT, "the hub has the most waiting calls it allows (" + options.maxConcurrentWaits()
          + "); retry later");
    }
    Waiter waiter = new Waiter(call, filter, limit, vertx.getOrCreateContext());
    waiter.start(since, timeout);
    return waiter.done.future();
  }

  /** One waiting call; its state is touched only on its own context. */
  private final class Waiter {
    private final Tool.Call call;
    private final EventFilter filter;
    private final int limit;
    private final Context context;
    private final Promise<JsonObject> done = Promise.promise();
    private final AtomicBoolean poked = new AtomicBoolean();
    private String floor;
    private boolean reading;
    private boolean again;
    private boolean finished;
    private boolean isArmed;
    private long timer = -1;

    Waiter(Tool.Call call, EventFilter filter, int limit, Context context) {
      this.call = call;
      this.filter = filter;
      this.limit = limit;
      this.context = context;
    }

    void start(String since, int timeoutSeconds) {
      // In the set before the floor is known: an event recorded meanwhile is either at or below the floor
      // (and not wanted) or above it, and then its poke triggers a read that finds it.
      interest.want("*");
      waiters.add(this);
      timer = vertx.setTimer(timeoutSeconds * 1000L, id -> finish(null, true));
      call.gone().onComplete(v -> context.runOnContext(x -> finish(null, true)));
      Future<String> start = since != null ? Future.succeededFuture(since) : history.head();
      start.onComplete(ar -> {
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        if (finished) {
          return;
        }
        floor = ar.result();
        isArmed = true;
        armed.incrementAndGet();
        // With a given cursor, events may be in the log already; after the head, only a poke can bring one.
        if (since != null || again) {
          read();
        }
      });
    }

    void offer(HubEvent event) {
      if (filter.matches(event) && call.principal().mayRead(event) && poked.compareAndSet(false, true)) {
        context.runOnContext(v -> {
          poked.set(false);
          if (finished) {
            return;
          }
          if (floor == null || reading) {
            again = true;
          } else {
            read();
          }
        });
      }
    }

    private void read() {
      reading = true;
      again = false;
      GrantedHistory.of(history, call.principal()).read(new EventQuery(filter, floor, limit)).onComplete(ar -> {
        reading = false;
        if (finished) {
          return;
        }
        if (ar.failed()) {
          fail(ar.cause());
          return;
        }
        EventPage page = ar.result();
        if (!page.events().isEmpty() || !page.complete()) {
          finish(page, false);
        } else if (page.more()) {
          // Per-key grants left out every event read: read on past them.
          floor = page.next();
          read();
        } else if (again) {
          read();
        }
      });
    }

    private void finish(EventPage page, boolean timedOut) {
      if (finished) {
        return;
      }
      release();
      EventPage answer = page != null ? page : new EventPage(java.util.List.of(), floor, false, true);
      done.tryComplete(Results.page(answer, options.maxResultBytes(), false).put("timedOut", timedOut));
    }

    private void fail(Throwable cause) {
      if (!finished) {
        release();
        done.tryFail(cause);
      }
    }

    private void release() {
      finished = true;
      vertx.cancelTimer(timer);
      if (isArmed) {
        armed.decrementAndGet();
      }
      if (waiters.remove(this)) {
        interest.unwant("*");
        count.decrementAndGet();
        call.session().waitDone();
      }
    }
  }
}
