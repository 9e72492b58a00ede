package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Consumer;

/**
 * Replays the log for one subscription and hands over to live delivery without a gap or a duplicate.
 *
 * <p>The subscription is already in the index, holding back live events, before the first read. The
 * replay pages through the log until it has read everything recorded so far; every held event whose
 * cursor is not above the last replayed one was replayed, every other one follows. An event recorded
 * before the subscription entered the index is in the log when the reads run, so nothing falls
 * between the two. If more live events arrive than the hold buffer takes, they are dropped and the
 * log is read again past the last replayed cursor: the dropped events are in the log.
 *
 * <p>Runs on the connection's thread; pages are read only once the socket has taken the previous one.
 */
final class ReplaySeam {
  private static final int PAGE = EventQuery.MAX_LIMIT;

  private final Subscription subscription;
  private final Subscribe request;
  private final EventHistory history;
  private final Outbox outbox;
  private final Consumer<Throwable> onFailure;
  private final EventFilter filter;
  private final String head;
  private long count;
  private boolean complete = true;
  private String floor;

  /**
   * @param head the log's head when the subscription entered the index, as {@code subscribed} said:
   *     live delivery starts after it when the replay has no bound of its own
   */
  ReplaySeam(Subscription subscription, Subscribe request, String head, EventHistory history, Outbox outbox,
      Consumer<Throwable> onFailure) {
    this.subscription = subscription;
    this.head = head;
    this.request = request;
    this.history = history;
    this.outbox = outbox;
    this.onFailure = onFailure;
    this.filter = subscription.filter().toEventFilter();
  }

  void start() {
    subscription.takeOverflow();
    Future<EventPage> first = request.last() != null
        ? history.last(filter, request.last())
        : history.read(new EventQuery(filter, request.since(), PAGE));
    first.onComplete(this::onPage);
  }

  // A read sees every event recorded before it: held events dropped until now are in it.
  private Future<EventPage> readAfter(String cursor) {
    subscription.takeOverflow();
    return history.read(new EventQuery(filter, cursor, PAGE));
  }

  private void onPage(AsyncResult<EventPage> ar) {
    if (subscription.closed()) {
      return;
    }
    if (ar.failed()) {
      onFailure.accept(ar.cause());
      return;
    }
    EventPage page = ar.result();
    List<HubEvent> events = page.events();
    complete &= page.complete();
    if (!events.isEmpty()) {
      floor = events.get(events.size() - 1).cursor();
    } else if (page.complete()) {
      // Nothing matched after a cursor the log knows: the cursor itself bounds the replay.
      floor = page.next();
    } else if (floor == null) {
      // An unknown cursor (or nothing retained after it): nothing replayed, live from the head on.
      floor = head;
    }
    // The next page is read while this one is written; it is sent once the socket has taken this one.
    Future<EventPage> next = page.more() ? readAfter(floor) : null;
    send(events);
    outbox.endPass();
    if (next != null) {
      outbox.whenWritable(() -> next.onComplete(this::onPage));
    } else if (subscription.takeOverflow()) {
      String after = floor;
      outbox.whenWritable(() -> {
        if (!subscription.closed()) {
          readAfter(after).onComplete(this::onPage);
        }
      });
    } else {
      finish();
    }
  }

  private void send(List<HubEvent> events) {
    count += events.size();
    if (!subscription.batch()) {
      byte[] prefix = subscription.eventPrefix();
      for (HubEvent e : events) {
        outbox.write(Frames.replayEvent(prefix, e), 1);
      }
      return;
    }
    Frames.Batch batch = null;
    for (HubEvent e : events) {
      batch = batch == null ? new Frames.Batch(subscription.id()) : batch;
      batch.add(Frames.envelope(e), true);
      if (batch.full()) {
        outbox.write(batch.build(), batch.count());
        batch = null;
      }
    }
    if (batch != null) {
      outbox.write(batch.build(), batch.count());
    }
  }

  private void finish() {
    outbox.write(Frames.replayComplete(request.id(), subscription.id(), count, complete), 0);
    subscription.goLive(floor);
    outbox.endPass();
  }
}
