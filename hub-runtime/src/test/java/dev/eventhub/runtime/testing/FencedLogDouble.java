package dev.eventhub.runtime.testing;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogStats;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Stands in for the log a cluster's leader writes through (its fenced producer): the node's log, whose
 * writes (appends and every storage write) fail {@code unavailable} as a fenced leader's do once
 * {@link #fence(boolean) fenced}. Reads always go through. Counts the writes it was asked for, so that
 * a test sees which plugins write through it.
 */
public final class FencedLogDouble implements EventLog {
  /** The message a fenced leader's writes fail with. */
  public static final String FENCED = "this node is no longer the cluster leader";

  private final EventLog log;
  private final AtomicInteger writes = new AtomicInteger();
  private volatile boolean fenced;

  public FencedLogDouble(EventLog log) {
    this.log = log;
  }

  /** From now on, writes fail (true) or go through (false). */
  public FencedLogDouble fence(boolean on) {
    this.fenced = on;
    return this;
  }

  /** How many writes (appends and storage writes, failed or not) were asked of this log. */
  public int writes() {
    return writes.get();
  }

  private <T> Future<T> write(java.util.function.Supplier<Future<T>> action) {
    writes.incrementAndGet();
    return fenced ? Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, FENCED)) : action.get();
  }

  @Override
  public Future<List<Appended>> append(List<EventDraft> drafts) {
    return write(() -> log.append(drafts));
  }

  @Override
  public PluginStorage storage(String namespace) {
    PluginStorage storage = log.storage(namespace);
    return new PluginStorage() {
      @Override
      public Future<StoredDocument> get(String collection, String key) {
        return storage.get(collection, key);
      }

      @Override
      public Future<StoredDocument> put(String collection, String key, JsonObject value) {
        return write(() -> storage.put(collection, key, value));
      }

      @Override
      public Future<StoredDocument> insert(String collection, String key, JsonObject value) {
        return write(() -> storage.insert(collection, key, value));
      }

      @Override
      public Future<StoredDocument> replace(String collection, String key, long expectedVersion, JsonObject value) {
        return write(() -> storage.replace(collection, key, expectedVersion, value));
      }

      @Override
      public Future<Boolean> delete(String collection, String key) {
        return write(() -> storage.delete(collection, key));
      }

      @Override
      public Future<Integer> deleteAll(String collection, List<String> keys) {
        return write(() -> storage.deleteAll(collection, keys));
      }

      @Override
      public Future<List<StoredDocument>> list(String collection, ListOptions options) {
        return storage.list(collection, options);
      }

      @Override
      public Future<Long> count(String collection, String prefix) {
        return storage.count(collection, prefix);
      }
    };
  }

  @Override
  public Future<EventPage> read(EventQuery query) {
    return log.read(query);
  }

  @Override
  public Future<EventPage> last(EventFilter filter, int count) {
    return log.last(filter, count);
  }

  @Override
  public Future<String> head() {
    return log.head();
  }

  @Override
  public Future<Long> prune() {
    return log.prune();
  }

  @Override
  public LogStats stats() {
    return log.stats();
  }

  @Override
  public String storageFault() {
    return log.storageFault();
  }

  @Override
  public void onCategoriesEmptied(Consumer<Set<String>> listener) {
    log.onCategoriesEmptied(listener);
  }

  @Override
  public void onCommit(java.util.function.LongConsumer listener) {
    log.onCommit(listener);
  }

  @Override
  public Future<Void> close() {
    // The node's log is closed by whoever opened it.
    return Future.succeededFuture();
  }
}
