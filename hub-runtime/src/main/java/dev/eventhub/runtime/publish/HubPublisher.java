package dev.eventhub.runtime.publish;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import io.vertx.core.Future;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import io.micrometer.core.instrument.Timer;

/**
 * Validates drafts and appends them to the log; the log's commit hook puts them on the event bus.
 * Shared by plugins (through their context) and by {@code POST /api/events}.
 */
public final class HubPublisher implements EventPublisher {
  private final EventLog log;
  private final int maxBatchSize;
  private final boolean restrictToDeclared;
  private final Supplier<Set<String>> declaredCategories;
  private final Timer appendLatency;

  /**
   * @param declaredCategories the categories running plugins declare; consulted per publish when
   *     {@code restrictToDeclared} is on
   */
  public HubPublisher(EventLog log, int maxBatchSize, boolean restrictToDeclared, Supplier<Set<String>> declaredCategories,
      Timer appendLatency) {
    this.appendLatency = appendLatency;
    this.log = log;
    this.maxBatchSize = maxBatchSize;
    this.restrictToDeclared = restrictToDeclared;
    this.declaredCategories = declaredCategories;
  }

  @Override
  public Future<HubEvent> publish(EventDraft draft) {
    return record(List.of(draft)).map(list -> list.get(0).event());
  }

  @Override
  public Future<List<HubEvent>> publishAll(List<EventDraft> drafts) {
    return record(drafts).map(list -> list.stream().map(Appended::event).toList());
  }

  /** {@link #recordAs}, without the created flags. */
  @Override
  public Future<List<HubEvent>> publishAs(HubPrincipal caller, List<EventDraft> drafts) {
    return recordAs(caller, drafts).map(list -> list.stream().map(Appended::event).toList());
  }

  /**
   * What {@code POST /api/events} and the WebSocket {@code publish} frame run: validates (malformed input is
   * refused whatever the token), checks each draft against the caller's grant, records.
   */
  public Future<List<Appended>> recordAs(HubPrincipal caller, List<EventDraft> drafts) {
    try {
      check(drafts);
      EventPublisher.checkGrant(caller, drafts);
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    return append(drafts);
  }

  /** Validates and records; the result says for each draft whether it was new. */
  public Future<List<Appended>> record(List<EventDraft> drafts) {
    try {
      check(drafts);
    } catch (HubException e) {
      return Future.failedFuture(e);
    }
    return append(drafts);
  }

  private Future<List<Appended>> append(List<EventDraft> drafts) {
    long start = System.nanoTime();
    return log.append(drafts).onSuccess(a -> appendLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
  }

  /**
   * The same publisher (same checks, same meter) over another log: in a cluster, the log whose
   * writes go through the leader's fenced producer, for the plugins placed on one node.
   */
  public HubPublisher through(EventLog other) {
    return new HubPublisher(other, maxBatchSize, restrictToDeclared, declaredCategories, appendLatency);
  }

  /** The largest batch accepted. */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  // The checks of every publish, before the caller's grant: throws the first problem as a HubException.
  private void check(List<EventDraft> drafts) {
    if (drafts == null || drafts.isEmpty()) {
      throw HubException.badRequest("at least one event is required");
    }
    if (drafts.size() > maxBatchSize) {
      throw new HubException(ErrorCode.TOO_LARGE,
          "a batch holds at most " + maxBatchSize + " events, got " + drafts.size());
    }
    for (int i = 0; i < drafts.size(); i++) {
      EventDraft draft = drafts.get(i);
      if (draft == null) {
        throw HubException.badRequest("event " + i + " is null");
      }
      try {
        draft.validate();
      } catch (HubException e) {
        throw drafts.size() == 1 ? e : HubException.badRequest("event " + i + ": " + e.getMessage());
      }
      if (restrictToDeclared && !declaredCategories.get().contains(draft.category())) {
        throw HubException.forbidden("publishing is restricted to the categories plugins declare, and no running "
            + "plugin declares '" + draft.category() + "'");
      }
    }
  }
}
