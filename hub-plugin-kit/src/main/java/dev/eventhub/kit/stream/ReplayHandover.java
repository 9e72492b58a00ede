package dev.eventhub.kit.stream;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.List;

/**
 * Replays the log for one subscription ({@code since} a cursor, or the {@code last} n events) and
 * hands over to live delivery without a gap or a duplicate.
 *
 * <p>The subscription's {@link LiveGate} is already receiving (and holding) live events before the
 * first read. The replay pages through the log until it has read everything recorded so far; each held
 * event whose cursor is not above the last replayed one was replayed, every other one follows. If the
 * gate overflowed meanwhile, the log is read again past the last replayed cursor, since the dropped
 * events are there. Pages are read only once the transport has taken the previous one.
 *
 * <p>Runs on the connection's thread; one instance per replay.
 */
public final class ReplayHandover {
  private static final int PAGE = EventQuery.MAX_LIMIT;

  /** The sink's side of a replay; every call comes on the connection's thread. */
  public interface Target {
    /** Whether the subscription ended meanwhile: the replay stops. */
    boolean closed();

    /** The gate's {@link LiveGate#takeOverflow()}. */
    boolean takeOverflow();

    /** Writes one page of replayed events (maybe none), in order. */
    void replay(List<HubEvent> events);

    /** Runs {@code next} once the transport has taken what was written (at once when it has). */
    void whenWritable(Runnable next);

    /**
     * The replay is over: write its end (the sink's {@code replay_complete}) and call the gate's
     * {@link LiveGate#goLive(String) goLive(floor)}.
     *
     * @param count the events replayed
     * @param complete {@code false} when the reader may have missed events (see {@link EventPage#complete()})
     * @param floor the last replayed cursor, else the cursor the replay started from, else the head
     */
    void finish(long count, boolean complete, String floor);

    /** A read failed: the subscription cannot go on. */
    void fail(Throwable cause);
  }

  private final EventHistory history;
  private final EventFilter filter;
  private final String since;
  private final Integer last;
  private final String head;
  private final Target target;
  private long count;
  private boolean complete = true;
  private String floor;

  /**
   * @param since the cursor to replay after, or {@code null}
   * @param last how many of the latest matching events to replay, or {@code null}; not with {@code since}
   * @param head the log's head read after the gate started receiving: live delivery starts after it when
   *     the replay has no bound of its own (an unknown cursor)
   */
  public ReplayHandover(EventHistory history, EventFilter filter, String since, Integer last, String head,
      Target target) {
    this.history = history;
    this.filter = filter;
    this.since = since;
    this.last = last;
    this.head = head;
    this.target = target;
  }

  /** Reads the first page; the rest follows as the transport takes each one. */
  public void start() {
    target.takeOverflow();
    Future<EventPage> first = last != null ? history.last(filter, last) : history.read(new EventQuery(filter, since, PAGE));
    first.onComplete(this::onPage);
  }

  // A read sees every event recorded before it: held events dropped until now are in it.
  private Future<EventPage> readAfter(String cursor) {
    target.takeOverflow();
    return history.read(new EventQuery(filter, cursor, PAGE));
  }

  private void onPage(AsyncResult<EventPage> ar) {
    if (target.closed()) {
      return;
    }
    if (ar.failed()) {
      target.fail(ar.cause());
      return;
    }
    EventPage page = ar.result();
    List<HubEvent> events = page.events();
    complete &= page.complete();
    if (!events.isEmpty()) {
      floor = events.get(events.size() - 1).cursor();
    } else if (page.complete() || page.more()) {
      // (An empty page with more to read: a reader's per-key grant left out every event it read, and
      // its next cursor is past them.)
      // Nothing matched after a cursor the log knows: the cursor itself bounds the replay.
      floor = page.next();
    } else if (floor == null) {
      // An unknown cursor (or nothing retained after it): nothing replayed, live from the head on.
      floor = head;
    }
    // The next page is read while this one is written; it is sent once the transport has taken this one.
    Future<EventPage> next = page.more() ? readAfter(floor) : null;
    count += events.size();
    target.replay(events);
    if (next != null) {
      target.whenWritable(() -> next.onComplete(this::onPage));
    } else if (target.takeOverflow()) {
      String after = floor;
      target.whenWritable(() -> {
        if (!target.closed()) {
          readAfter(after).onComplete(this::onPage);
        }
      });
    } else {
      target.finish(count, complete, floor);
    }
  }
}
