package dev.eventhub.kit.outbox;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.async.Futures;
import dev.eventhub.kit.id.UlidGenerator;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a change of stored state and the events announcing it consistent, without transactions
 * across documents: before the change is written, its events (with their final ids) are written to
 * an outbox document ({@value #COLLECTION} collection of the plugin's storage) together with a way to
 * tell afterwards whether the change happened (the version the changed document will have); after
 * the change, the events are published and the outbox document deleted.
 *
 * <p>If the hub dies in between, {@link #recover()} (run at start, before serving requests) publishes
 * the events of every change that was written and drops those of changes that were not, deleting
 * what {@link Change#cleanupWhenApplied} or {@link Change#cleanupWhenAbandoned} names. Publishing
 * twice is harmless: the log records an event id once.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.create(context.storage(), context.publisher(), UlidGenerator.create());
 * outbox.recover()...                                        // in start(), before mounting routes
 * Change change = Change.replace("jobs", id, doc.version())
 *     .publishing(EventDraft.of("workflow", "job-completed", id, data));
 * return outbox.commit(change, () -> storage.replace("jobs", id, doc.version(), updated));
 * }</pre>
 *
 * <p>Writes to one document must not run concurrently (serialize them, e.g. with {@link
 * dev.eventhub.kit.async.KeyedQueue}), or the version told in the outbox may be another write's.
 * The outbox itself holds no state of its own beyond its id generator and may be used from any
 * thread.
 */
public final class Outbox {
  /** The storage collection holding the outbox documents: keep it free for the outbox. */
  public static final String COLLECTION = "outbox";
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final int PAGE = 100;
  // Cleanups list documents that may each be near 1 MiB: small pages.
  private static final int CLEANUP_PAGE = 8;

  private final PluginStorage storage;
  private final EventPublisher publisher;
  private final UlidGenerator ids;

  private Outbox(PluginStorage storage, EventPublisher publisher, UlidGenerator ids) {
    this.storage = storage;
    this.publisher = publisher;
    this.ids = ids;
  }

  /**
   * An outbox over a plugin's storage and publisher.
   *
   * @param ids makes the events' ids and the outbox documents' keys (the latter sort by age)
   */
  public static Outbox create(PluginStorage storage, EventPublisher publisher, UlidGenerator ids) {
    return new Outbox(storage, publisher, ids);
  }

  /**
   * Writes a change and publishes its events.
   *
   * @param change what {@code write} will do to which document, and the events announcing it (their
   *     ids are replaced with fresh ones)
   * @param write the writes; called once the outbox document is stored; a failed future (or a throw)
   *     means the change did not happen, and the outbox document is deleted again
   * @return the write's result, once the change is durable; the events follow even when publishing
   *     them fails now (then they are published at the next start); a failed future when the outbox
   *     document could not be stored or the write failed
   */
  public <T> Future<T> commit(Change change, Supplier<Future<T>> write) {
    List<EventDraft> drafts = change.events().stream().map(d -> d.withId(ids.next())).toList();
    String entryKey = ids.next();
    return storage.insert(COLLECTION, entryKey, change.toJson(drafts))
        .compose(stored -> Futures.call(write)
            .recover(e -> storage.delete(COLLECTION, entryKey).otherwiseEmpty()
                .compose(v -> Future.failedFuture(e))))
        .compose(result -> publisher.publishAll(drafts)
            .compose(events -> storage.delete(COLLECTION, entryKey))
            .otherwise(e -> {
              LOG.warn("events of a stored change not published yet, kept for the next start: " + e.getMessage());
              return false;
            })
            .map(result));
  }

  /**
   * Settles the changes a previous run left unfinished: publishes the events of those that happened,
   * drops those of the others, and runs their cleanups. Call at start, before serving requests.
   *
   * @return completes once every outbox document is settled; fails when storage fails or the hub is
   *     unavailable (events the hub refuses for good, say of a category no longer allowed, are
   *     dropped with a warning)
   */
  public Future<Void> recover() {
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
          e.getJsonObject("data"), EventDraft.attributesFromJson(e.getValue("attributes"))));
    }
    return publisher.publishAll(drafts).<Void>mapEmpty().recover(e -> {
      if (e instanceof HubException h && h.code() != ErrorCode.UNAVAILABLE && h.code() != ErrorCode.INTERNAL) {
        // The hub refuses these events for good (say, the category is no longer allowed): drop them.
        LOG.warn("dropping events of an unfinished change: " + e.getMessage());
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
   * current version plus one for a replace, 0 for a delete. Immutable: the builder methods return
   * copies.
   *
   * @param collection the changed document's collection
   * @param key the changed document's key
   * @param version the version the document has once the change is made; 0 when it is deleted
   * @param events the events announcing the change
   * @param cleanupWhenApplied documents to delete at recovery when the change happened
   * @param cleanupWhenAbandoned documents to delete at recovery when the change did not happen
   */
  public record Change(String collection, String key, long version, List<EventDraft> events,
      List<Cleanup> cleanupWhenApplied, List<Cleanup> cleanupWhenAbandoned) {

    /** Copies the lists: a change never shares them with its caller. */
    public Change {
      events = List.copyOf(events);
      cleanupWhenApplied = List.copyOf(cleanupWhenApplied);
      cleanupWhenAbandoned = List.copyOf(cleanupWhenAbandoned);
    }

    /** Inserting a new document. */
    public static Change insert(String collection, String key) {
      return new Change(collection, key, 1, List.of(), List.of(), List.of());
    }

    /** Replacing a document whose version is now {@code currentVersion}. */
    public static Change replace(String collection, String key, long currentVersion) {
      return new Change(collection, key, currentVersion + 1, List.of(), List.of(), List.of());
    }

    /** Deleting a document. */
    public static Change delete(String collection, String key) {
      return new Change(collection, key, 0, List.of(), List.of(), List.of());
    }

    /** This change, announced by {@code drafts} (instead of any events it had). */
    public Change publishing(EventDraft... drafts) {
      return new Change(collection, key, version, List.of(drafts), cleanupWhenApplied, cleanupWhenAbandoned);
    }

    /** Documents to delete at recovery when the change happened (what the write deletes after the change). */
    public Change cleanupWhenApplied(Cleanup cleanup) {
      return new Change(collection, key, version, events, append(cleanupWhenApplied, cleanup), cleanupWhenAbandoned);
    }

    /** Documents to delete at recovery when the change did not happen (what the write made before it). */
    public Change cleanupWhenAbandoned(Cleanup cleanup) {
      return new Change(collection, key, version, events, cleanupWhenApplied, append(cleanupWhenAbandoned, cleanup));
    }

    /**
     * The outbox document of this change, announced by {@code drafts} (the events with their final
     * ids). Tests write such documents to play what a crash leaves behind.
     */
    public JsonObject toJson(List<EventDraft> drafts) {
      JsonArray events = new JsonArray();
      drafts.forEach(d -> {
        JsonObject event = new JsonObject().put("id", d.id()).put("category", d.category())
            .put("event", d.event()).put("key", d.key()).put("data", d.data());
        // Issue 20: only when there are some; entries stored before attributes existed have none.
        if (!d.attributes().isEmpty()) {
          event.put("attributes", new JsonObject(new java.util.LinkedHashMap<>(d.attributes())));
        }
        events.add(event);
      });
      return new JsonObject().put("collection", collection).put("key", key).put("version", version)
          .put("events", events).put("cleanupWhenApplied", cleanupsJson(cleanupWhenApplied))
          .put("cleanupWhenAbandoned", cleanupsJson(cleanupWhenAbandoned));
    }

    private static List<Cleanup> append(List<Cleanup> list, Cleanup cleanup) {
      List<Cleanup> out = new ArrayList<>(list);
      out.add(cleanup);
      return out;
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
   *
   * @param collection the collection
   * @param prefix the keys' prefix
   * @param before the first key not included; {@code null} for no upper bound
   */
  public record Cleanup(String collection, String prefix, String before) {
    /** This cleanup as stored in an outbox document. */
    public JsonObject toJson() {
      return new JsonObject().put("collection", collection).put("prefix", prefix).put("before", before);
    }

    /** A cleanup as {@link #toJson} stored it. */
    public static Cleanup fromJson(JsonObject json) {
      return new Cleanup(json.getString("collection"), json.getString("prefix"), json.getString("before"));
    }
  }
}
