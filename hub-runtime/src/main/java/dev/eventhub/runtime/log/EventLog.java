package dev.eventhub.runtime.log;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.runtime.log.impl.SqliteEventLog;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Set;
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
   * EventDraft#validate()}); a draft whose id is already recorded in its category yields the first
   * record (the same id in another category is another event).
   *
   * <p>Fails with a {@link dev.eventhub.api.HubException} and records nothing when the log cannot
   * take the drafts now: {@code UNAVAILABLE} when its write queue is full, {@code STORAGE_FULL} or
   * {@code STORAGE_UNAVAILABLE} when the store refuses writes, {@code CONFLICT} when a draft would add
   * a category beyond {@code log.maxCategories}.
   */
  Future<List<Appended>> append(List<EventDraft> drafts);

  /** The document storage of one plugin, isolated from every other namespace. */
  PluginStorage storage(String namespace);

  /** Runs retention now, to completion; completes with the number of events removed. */
  Future<Long> prune();

  /** Current figures. */
  LogStats stats();

  /**
   * While the store refuses writes (a full disk, an I/O fault): the error code writes fail with
   * ({@code storage_full}, {@code storage_unavailable}); null while it takes them. Clears by itself
   * once a write or the log's own probe succeeds.
   */
  String storageFault();

  /**
   * Tells {@code listener}, on the log's writer thread, of the categories retention removed the last
   * event of: what keeps per-category state (meters) forgets them. One listener; a later call replaces it.
   */
  void onCategoriesEmptied(Consumer<Set<String>> listener);

  /**
   * Tells {@code listener} how long each group commit of the store took, in nanoseconds, on the writer thread
   * (it must be quick). One listener: a second replaces the first.
   */
  void onCommit(java.util.function.LongConsumer listener);

  /** Finishes the appends already accepted, fails later ones, and closes the store. */
  Future<Void> close();
}
