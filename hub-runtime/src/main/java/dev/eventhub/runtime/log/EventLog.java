package dev.eventhub.runtime.log;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.log.impl.SqliteEventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;

/**
 * The durable, totally ordered log of every event the hub accepted, and the plugins' document
 * storage on the same store.
 *
 * <p>Appends from every caller go to one writer that commits them in groups: many concurrent
 * appends share one sync, and a completed append is durable. Reads run on their own threads and
 * never wait for the writer. Nothing here blocks the caller.
 */
public interface EventLog extends EventHistory {
  /**
   * Opens (creating when absent) the log in {@code options.dir()}.
   *
   * @param onRecorded called with each group of newly recorded events, in log order, one call at a
   *     time, after they are durable and before their appends complete: where the hub puts them on
   *     the event bus. Must not block.
   */
  static Future<EventLog> open(Vertx vertx, LogOptions options, Consumer<List<HubEvent>> onRecorded) {
    return SqliteEventLog.open(vertx, options, onRecorded);
  }

  /**
   * Records drafts atomically, consecutively and in order. The drafts must be valid ({@link
   * EventDraft#validate()}); a draft whose id is already recorded yields the first record.
   */
  Future<List<Appended>> append(List<EventDraft> drafts);

  /** The document storage of one plugin, isolated from every other namespace. */
  PluginStorage storage(String namespace);

  /** Runs retention now, to completion; completes with the number of events removed. */
  Future<Long> prune();

  /** Current figures. */
  LogStats stats();

  /** Finishes the appends already accepted, fails later ones, and closes the store. */
  Future<Void> close();
}
