package dev.eventhub.api;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * The log as a reader with per-key grants may see it: every event its {@link HubPrincipal#mayRead}
 * refuses is left out of pages, of {@code last} reads and of look-ups by id (as if never recorded).
 * History, replay and agents' reads go through it, so that a token with {@code
 * subscribe:workflow/job-1*} never receives another key's event through any of them.
 *
 * <p>A page is filled from up to {@value #MAX_READS} reads of the log; when the reader's events are
 * rare it may hold fewer than the limit, even none, with {@link EventPage#more()} true and a {@link
 * EventPage#next()} past the events left out: read on from it. A {@code last} read counts the newest
 * matching events before the grant leaves some out, so it may return fewer.
 */
public final class GrantedHistory implements EventHistory {
  /** The most log reads one page is filled from. */
  public static final int MAX_READS = 8;

  private final EventHistory history;
  private final HubPrincipal reader;

  private GrantedHistory(EventHistory history, HubPrincipal reader) {
    this.history = history;
    this.reader = reader;
  }

  /** {@code history} as {@code reader} may see it; {@code history} itself when no per-key grant restricts the reader. */
  public static EventHistory of(EventHistory history, HubPrincipal reader) {
    return reader.keyRestricted() ? new GrantedHistory(history, reader) : history;
  }

  @Override
  public Future<EventPage> read(EventQuery query) {
    return fill(query, query.since(), new ArrayList<>(), true, 1);
  }

  // Reads pages of the query's size after `since` until the reader's events fill one, or MAX_READS.
  private Future<EventPage> fill(EventQuery query, String since, List<HubEvent> shown, boolean complete, int reads) {
    return history.read(new EventQuery(query.filter(), since, query.limit())).compose(page -> {
      boolean stillComplete = complete && page.complete();
      for (HubEvent e : page.events()) {
        if (reader.mayRead(e)) {
          if (shown.size() == query.limit()) {
            // Full: the page ends at the last event shown, the rest of this read comes next time.
            return Future.succeededFuture(new EventPage(shown, shown.get(shown.size() - 1).cursor(), true,
                stillComplete));
          }
          shown.add(e);
        }
      }
      if (!page.more() || shown.size() == query.limit() || reads >= MAX_READS || page.events().isEmpty()) {
        return Future.succeededFuture(new EventPage(shown, page.next(), page.more(), stillComplete));
      }
      return fill(query, page.next(), shown, stillComplete, reads + 1);
    });
  }

  @Override
  public Future<EventPage> last(EventFilter filter, int count) {
    return history.last(filter, count).map(page -> new EventPage(
        page.events().stream().filter(reader::mayRead).toList(), page.next(), page.more(), page.complete()));
  }

  @Override
  public Future<String> head() {
    return history.head();
  }

  @Override
  public Future<HubEvent> find(String category, String id) {
    return history.find(category, id).map(e -> e == null || reader.mayRead(e) ? e : null);
  }
}
