package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Keeps a change of state and the events announcing it consistent, without transactions across
 * documents: before the change is written, its events (with their final ids) are written to an
 * outbox document together with a way to tell afterwards whether the change happened; after the
 * change, the events are published and the outbox document deleted.
 *
 * <p>If the hub dies in between, {@link #recover()} (run at start) publishes the events of every
 * change that was written and drops those of changes that were not. Publishing twice is harmless:
 * the log records an event id once.
 */
final class Outbox {
  private static final Logger LOG = Logger.getLogger(Outbox.class.getName());
  static final String COLLECTION = "outbox";
  private static final int PAGE = 100;
  // Cleanups list documents that may each be near 1 MiB: small pages.
  private static final int CLEANUP_PAGE = 8;

  private final PluginStorage storage;
  private final EventPublisher publisher;
  private final Ulid ids;

  Outbox(PluginStorage storage, EventPublisher publisher, Ulid ids) {
    this.storage = storage;
    this.publisher = publisher;
    this.ids = ids;
  }

  /**
   * Writes a change and publishes its events.
   *
   * @param change what {@code write} will do to which document, and the events announcing it
   * @param write the writes; a failed future means the change did not happen
   * @return the write's result, once the change is durable; the events follow even when publishing
   *     them fails now (then they are published at the next start)
   */
  <T> Future<T> commit(Change change, Supplier<Future<T>> write) {
    List<EventDraft> drafts = change.events().stream().map(d -> d.withId(ids.next())).toList();
    String entryKey = ids.next();
    return storage.insert(COLLECTION, entryKey, change.toJson(drafts))
        .compose(stored -> KeyedQueue.call(write)
            .recover(e -> storage.delete(COLLECTION, entryKey).otherwiseEmpty()
                .compose(v -> Future.failedFuture(e))))
        .compose(result -> publisher.publishAll(drafts)
            .compose(events -> storage.delete(COLLECTION, entryKey))
            .otherwise(e -> {
              LOG.warning("events of a stored change not published yet, kept for the next start: " + e.getMessage());
              return false;
            })
            .map(result));
  }

  /** Settles the changes a previous run left unfinished; call before serving requests. */
  Future<Void> recover() {
    return storage.list(COLLECTION, ListOptions.first(PAGE)).compose(page -> {
      Future<Void> chain = Future.succeededFuture();
      for (StoredDocument entry : page) {
        chain = chain.compose(v -> settle(entry));
      }
      return page.size() < PAGE ? chain : chain.compose(v -> recover());
    });
  }

  private Future<Void> settle(StoredDocument entry) {
    JsonObject value = entry.value();
    String collection = value.getString("collection");
    long version = value.getLong("version");
    return storage.get(collection, value.getString("key")).compose(doc -> {
      boolean applied = version == 0 ? doc == null : doc != null && doc.version() >= version;
      Future<Void> done = applied
          ? publish(value.getJsonArray("events")).compose(v -> cleanup(value.getJsonArray("cleanupWhenApplied")))
          : cleanup(value.getJsonArray("cleanupWhenAbandoned"));
      return done.compose(v -> storage.delete(COLLECTION, entry.key())).mapEmpty();
    });
  }

  private Future<Void> publish(JsonArray events) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      JsonObject e = events.getJsonObject(i);
      drafts.add(new EventDraft(e.getString("id"), e.getString("category"), e.getString("event"), e.getString("key"),
          e.getJsonObject("data")));
    }
    return publisher.publishAll(drafts).<Void>mapEmpty().recover(e -> {
      if (e instanceof HubException h && h.code() != ErrorCode.UNAVAILABLE && h.code() != ErrorCode.INTERNAL) {
        // The hub refuses these events for good (say, the category is no longer allowed): drop them.
        LOG.warning("dropping events of an unfinished change: " + e.getMessage());
        return Future.succeededFuture();
      }
      return Future.failedFuture(e);
    });
  }

  private Future<Void> cleanup(JsonArray cleanups) {
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; cleanups != null && i < cleanups.size(); i++) {
      Cleanup c = Cleanup.fromJson(cleanups.getJsonObject(i));
      chain = chain.compose(v -> deleteRange(c));
    }
    return chain;
  }

  private Future<Void> deleteRange(Cleanup c) {
    return storage.list(c.collection(), ListOptions.prefix(c.prefix(), CLEANUP_PAGE)).compose(page -> {
      List<String> keys = page.stream().map(StoredDocument::key)
          .filter(k -> c.before() == null || k.compareTo(c.before()) < 0).toList();
      if (keys.isEmpty()) {
        return Future.succeededFuture();
      }
      boolean last = keys.size() < CLEANUP_PAGE;
      return storage.deleteAll(c.collection(), keys).compose(n -> last ? Future.succeededFuture() : deleteRange(c));
    });
  }

  /**
   * A change of one document, told by the version it will have: {@code version} 1 for an insert, the
   * current version plus one for a replace, 0 for a delete.
   */
  record Change(String collection, String key, long version, List<EventDraft> events,
      List<Cleanup> cleanupWhenApplied, List<Cleanup> cleanupWhenAbandoned) {

    static Change insert(String collection, String key) {
      return new Change(collection, key, 1, List.of(), List.of(), List.of());
    }

    static Change replace(String collection, String key, long currentVersion) {
      return new Change(collection, key, currentVersion + 1, List.of(), List.of(), List.of());
    }

    static Change delete(String collection, String key) {
      return new Change(collection, key, 0, List.of(), List.of(), List.of());
    }

    Change publishing(EventDraft... drafts) {
      return new Change(collection, key, version, List.of(drafts), cleanupWhenApplied, cleanupWhenAbandoned);
    }

    /** Documents to delete at recovery when the change happened (what the write deletes after the change). */
    Change cleanupWhenApplied(Cleanup cleanup) {
      return new Change(collection, key, version, events, append(cleanupWhenApplied, cleanup), cleanupWhenAbandoned);
    }

    /** Documents to delete at recovery when the change did not happen (what the write made before it). */
    Change cleanupWhenAbandoned(Cleanup cleanup) {
      return new Change(collection, key, version, events, cleanupWhenApplied, append(cleanupWhenAbandoned, cleanup));
    }

    JsonObject toJson(List<EventDraft> drafts) {
      JsonArray events = new JsonArray();
      drafts.forEach(d -> events.add(new JsonObject().put("id", d.id()).put("category", d.category())
          .put("event", d.event()).put("key", d.key()).put("data", d.data())));
      return new JsonObject().put("collection", collection).put("key", key).put("version", version)
          .put("events", events).put("cleanupWhenApplied", cleanupsJson(cleanupWhenApplied))
          .put("cleanupWhenAbandoned", cleanupsJson(cleanupWhenAbandoned));
    }

    private static List<Cleanup> append(List<Cleanup> list, Cleanup cleanup) {
      List<Cleanup> out = new ArrayList<>(list);
      out.add(cleanup);
      return List.copyOf(out);
    }

    private static JsonArray cleanupsJson(List<Cleanup> cleanups) {
      JsonArray out = new JsonArray();
      cleanups.forEach(c -> out.add(c.toJson()));
      return out;
    }
  }

  /**
   * The documents of a collection whose key starts with {@code prefix} and, unless {@code before} is
   * null, sorts before {@code before}.
   */
  record Cleanup(String collection, String prefix, String before) {
    JsonObject toJson() {
      return new JsonObject().put("collection", collection).put("prefix", prefix).put("before", before);
    }

    static Cleanup fromJson(JsonObject json) {
      return new Cleanup(json.getString("collection"), json.getString("prefix"), json.getString("before"));
    }
  }
}
