package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.dlq.DlqPlugin;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue: entries in the plugin's storage, a summary of each in memory. Every method may be
 * called from any thread; the work runs on the plugin's context, where all state lives.
 *
 * <p>An entry that carries an event of a category is shown, and may be resolved, resubmitted or
 * purged, only by a caller who may read that category (or an {@code admin}); to anyone else it does
 * not exist ({@code not_found}, absent from lists and counts). See {@link Entries#visible}.
 */
public final class DeadLetterQueue {
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterQueue.class);
  static final int HISTORY = 10;
  private static final int MAX_ERROR = 1000;
  private static final int LOAD_PAGE = 1000;
  private static final int DELETE_CHUNK = 500;
  private static final int EVENT_BATCH = 100;

  /** A page of entries and where the next one starts. */
  public record Page(List<JsonObject> entries, String next, boolean more) {}

  /** What to list. */
  public record Query(String origin, String state, Duration olderThan, String after, int limit, boolean descending) {}

  private final Vertx vertx;
  private final Context context;
  private final PluginStorage storage;
  private final EventPublisher publisher;
  private final ResubmissionRecovery recovery;
  private final DlqSettings settings;
  private final Clock clock;
  private final EntryIndex index = new EntryIndex();
  private final Set<String> busy = new HashSet<>();
  private IdGenerator ids = new IdGenerator(null);
  private int inserting;

  public DeadLetterQueue(Vertx vertx, Context context, PluginStorage storage, EventPublisher publisher,
      DlqSettings settings, Clock clock) {
    this.vertx = vertx;
    this.context = context;
    this.storage = storage;
    this.publisher = publisher;
    this.recovery = new ResubmissionRecovery(publisher);
    this.settings = settings;
    this.clock = clock;
  }

  /** The queue's depth for /metrics, read from the in-memory index: {@code parked} and {@code resolved}. */
  JsonObject depth() {
    int all = index.size();
    int resolvedCount = index.resolvedCount();
    return new JsonObject().put("parked", all - resolvedCount).put("resolved", resolvedCount);
  }

  /** Reads every stored entry into the index; call once, before anything else. */
  public Future<Void> load() {
    return onContext(() -> loadAfter(null)).onSuccess(v -> ids = new IdGenerator(index.lastId()));
  }

  private Future<Void> loadAfter(String after) {
    ListOptions page = after == null ? ListOptions.first(LOAD_PAGE) : ListOptions.first(LOAD_PAGE).after(after);
    return storage.list(Entries.COLLECTION, page).compose(docs -> {
      for (StoredDocument doc : docs) {
        index.put(Entries.summary(doc.value()));
      }
      return docs.size() < LOAD_PAGE ? Future.succeededFuture() : loadAfter(docs.get(docs.size() - 1).key());
    });
  }

  /**
   * Parks an entry; the request is checked as {@link ParkRequest#parse} says. Completes with the entry.
   *
   * @param client the client parking over HTTP, or null for a plugin on the event bus
   */
  public Future<JsonObject> park(Object request, HubPrincipal client) {
    return onContext(() -> {
      Instant now = clock.instant();
      JsonObject entry = ParkRequest.parse(request, client, settings, now);
      return makeRoom().compose(v -> {
        String id = ids.next(now.toEpochMilli());
        JsonObject stored = new JsonObject().put("id", id).mergeIn(entry);
        inserting++;
        return storage.insert(Entries.COLLECTION, id, stored).andThen(ar -> inserting--);
      }).map(doc -> {
        JsonObject stored = doc.value();
        index.put(Entries.summary(stored));
        publish("entry-added", stored.getString("id"), Entries.added(stored));
        return stored;
      });
    });
  }

  // At the limit, evicts the oldest resolved entry; with none resolved, refuses: nothing is dropped unseen.
  private Future<Void> makeRoom() {
    if (index.size() + inserting < settings.maxEntries()) {
      return Future.succeededFuture();
    }
    String victim = index.oldestResolved();
    if (victim == null) {
      return Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, "the dead-letter queue is full: "
          + index.size() + " entries, none resolved (setting plugins.dlq.maxEntries is " + settings.maxEntries()
          + "); resolve or purge entries first"));
    }
    EntryIndex.Summary summary = index.remove(victim);
    return storage.delete(Entries.COLLECTION, victim)
        .onFailure(e -> index.put(summary))
        .map(deleted -> {
          LOG.info("dead-letter queue full: evicted resolved entry " + victim + " to make room");
          publishPurged(List.of(summary), "evicted");
          return null;
        });
  }

  /** The entry, or a {@code not_found} failure (also for one {@code viewer} may not see). */
  public Future<JsonObject> get(String id, HubPrincipal viewer) {
    return onContext(() -> {
      EntryIndex.Summary summary = index.get(id);
      if (summary == null || !Entries.visible(viewer, summary.category())) {
        throw notFound(id);
      }
      return storage.get(Entries.COLLECTION, id).map(doc -> {
        if (doc == null) {
          throw notFound(id);
        }
        return Entries.view(doc.value());
      });
    });
  }

  private static HubException notFound(String id) {
    return HubException.notFound("no dead-letter entry '" + id + "'");
  }

  /** A page of the entries {@code viewer} may see matching the query, read in id (parking) order. */
  public Future<Page> list(Query q, HubPrincipal viewer) {
    return onContext(() -> {
      long cutoff = q.olderThan() == null ? Long.MAX_VALUE : clock.millis() - q.olderThan().toMillis();
      Predicate<EntryIndex.Summary> filter = s -> Entries.visible(viewer, s.category())
          && (q.origin() == null || q.origin().equals(s.plugin()))
          && (q.state() == null || s.resolved() == Entries.RESOLVED.equals(q.state()))
          && s.parkedAt() <= cutoff;
      List<String> page = index.page(filter, q.after(), q.limit(), q.descending());
      boolean more = page.size() > q.limit();
      List<String> ids = more ? page.subList(0, q.limit()) : page;
      List<Future<StoredDocument>> reads = ids.stream().map(id -> storage.get(Entries.COLLECTION, id)).toList();
      return Future.all(reads).map(all -> {
        List<JsonObject> entries = new ArrayList<>();
        reads.forEach(r -> {
          if (r.result() != null) {
            entries.add(Entries.view(r.result().value()));
          }
        });
        return new Page(entries, ids.isEmpty() ? q.after() : ids.get(ids.size() - 1), more);
      });
    });
  }

  /** Marks a parked entry resolved; {@code not_found} or {@code conflict} (already resolved, busy). */
  public Future<JsonObject> resolve(String id, String note, HubPrincipal caller) {
    return onContext(() -> withEntry(id, caller, doc -> {
      JsonObject entry = doc.value();
      entry.put("state", Entries.RESOLVED).put("resolvedAt", Fields.time(clock.instant()))
          .put("resolution", "manual").put("note", note);
      return storage.replace(Entries.COLLECTION, id, doc.version(), entry).map(stored -> {
        index.put(Entries.summary(entry));
        publish("entry-resolved", id, Entries.brief(entry).put("resolution", "manual"));
        return Entries.view(entry);
      });
    }));
  }

  /**
   * Sends a parked entry's payload back to its origin's address and records the outcome: resolved
   * when the origin replied, still parked (one attempt more) when it failed. Completes with {@code
   * {"success","error"?,"entry"}}; fails only when the entry cannot be resubmitted at all.
   *
   * <p>The resubmission is claimed first: its number is written to the entry (a conditional write)
   * before the payload goes out, and when that write fails (the entry changed meanwhile, or, in a
   * cluster, this node is no longer the leader and its writes are fenced) nothing is sent. Its
   * events have ids derived from the entry and that number, so a resubmission is recorded once
   * however often its outcome is written.
   */
  public Future<JsonObject> resubmit(String id, HubPrincipal caller) {
    return onContext(() -> withEntry(id, caller, doc -> {
      JsonObject entry = doc.value();
      String address = entry.getJsonObject("origin").getString("address");
      if (address == null) {
        return Future.failedFuture(HubException.conflict("entry '" + id + "' names no origin address to resubmit "
            + "to; resolve it once it is dealt with"));
      }
      int number = entry.getInteger("resubmissionCount", 0) + 1;
      entry.put("resubmissionCount", number)
          .put("resubmitting", new JsonObject().put("number", number).put("at", Fields.time(clock.instant())));
      return storage.replace(Entries.COLLECTION, id, doc.version(), entry).compose(claimed -> {
        long started = clock.millis();
        recovery.started(entry, number);
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(settings.resubmitTimeout().toMillis())
            .addHeader("dlq-entry-id", id).addHeader("dlq-attempts", String.valueOf(entry.getInteger("attempts")))
            .addHeader("dlq-resubmission", String.valueOf(number));
        return vertx.eventBus().request(address, entry.getValue("payload"), options)
            .transform(ar -> record(claimed, entry, number, started,
                ar.succeeded() ? null : describe(ar.cause(), address)));
      });
    }));
  }

  private Future<JsonObject> record(StoredDocument doc, JsonObject entry, int number, long started, String error) {
    Instant now = clock.instant();
    String id = doc.key();
    boolean success = error == null;
    JsonArray history = entry.getJsonArray("resubmissions", new JsonArray());
    history.add(new JsonObject().put("at", Fields.time(now)).put("success", success).put("error", error)
        .put("durationMs", now.toEpochMilli() - started));
    while (history.size() > HISTORY) {
      history.remove(0);
    }
    entry.put("resubmissions", history);
    entry.remove("resubmitting");
    if (success) {
      entry.put("state", Entries.RESOLVED).put("resolvedAt", Fields.time(now)).put("resolution", "resubmitted");
    } else {
      entry.put("attempts", entry.getInteger("attempts") + 1).put("lastFailureAt", Fields.time(now));
    }
    return storage.replace(Entries.COLLECTION, id, doc.version(), entry).map(stored -> {
      index.put(Entries.summary(entry));
      publish("entry-resubmitted", id, Entries.brief(entry).put("success", success)
          .put("attempts", entry.getInteger("attempts")), "dlq-" + id + "-resubmission-" + number);
      if (success) {
        publish("entry-resolved", id, Entries.brief(entry).put("resolution", "resubmitted"), "dlq-" + id + "-resolved");
      }
      recovery.ended(entry, number, now.toEpochMilli(), error);
      return new JsonObject().put("success", success).put("error", error).put("entry", Entries.view(entry));
    });
  }

  // Bounded, so that the resubmission history cannot grow an entry past the storage's limit.
  private static String describe(Throwable cause, String address) {
    String text = describeFully(cause, address);
    return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + "...";
  }

  private static String describeFully(Throwable cause, String address) {
    if (cause instanceof ReplyException r) {
      return switch (r.failureType()) {
        case NO_HANDLERS -> "nothing listens on origin address '" + address + "'";
        case TIMEOUT -> "origin address '" + address + "' did not reply in time";
        default -> "origin refused it (" + r.failureCode() + "): " + r.getMessage();
      };
    }
    return String.valueOf(cause.getMessage());
  }

  /**
   * Deletes the resolved entries {@code caller} may see (of one origin, parked before {@code
   * olderThan} ago, when given); how many.
   */
  public Future<Integer> purge(String origin, Duration olderThan, HubPrincipal caller) {
    return onContext(() -> {
      long cutoff = olderThan == null ? Long.MAX_VALUE : clock.millis() - olderThan.toMillis();
      List<EntryIndex.Summary> victims = new ArrayList<>();
      for (String id : index.all(s -> s.resolved() && Entries.visible(caller, s.category())
          && (origin == null || origin.equals(s.plugin()))
          && s.parkedAt() <= cutoff && !busy.contains(s.id()))) {
        victims.add(index.remove(id));
      }
      return deleteChunks(victims, 0).map(v -> victims.size());
    });
  }

  private Future<Void> deleteChunks(List<EntryIndex.Summary> victims, int from) {
    if (from >= victims.size()) {
      return Future.succeededFuture();
    }
    List<EntryIndex.Summary> chunk = victims.subList(from, Math.min(from + DELETE_CHUNK, victims.size()));
    return storage.deleteAll(Entries.COLLECTION, chunk.stream().map(EntryIndex.Summary::id).toList())
        .onFailure(e -> victims.subList(from, victims.size()).forEach(index::put))
        .compose(n -> {
          publishPurged(chunk, "purge");
          return deleteChunks(victims, from + DELETE_CHUNK);
        });
  }

  /** Counts of the entries {@code viewer} may see (all of them for {@code null}): in total, by state and by origin. */
  public Future<JsonObject> counts(HubPrincipal viewer) {
    return onContext(() -> {
      Map<String, int[]> counts = viewer == null || viewer.isAdmin() ? index.byOrigin()
          : index.byOrigin(s -> Entries.visible(viewer, s.category()));
      JsonObject byOrigin = new JsonObject();
      int total = 0;
      int resolvedCount = 0;
      for (Map.Entry<String, int[]> e : counts.entrySet()) {
        int[] c = e.getValue();
        total += c[0] + c[1];
        resolvedCount += c[1];
        byOrigin.put(e.getKey(), new JsonObject().put("parked", c[0]).put("resolved", c[1]).put("total", c[0] + c[1]));
      }
      return Future.succeededFuture(new JsonObject()
          .put("total", total)
          .put("parked", total - resolvedCount)
          .put("resolved", resolvedCount)
          .put("maxEntries", settings.maxEntries())
          .put("byOrigin", byOrigin));
    });
  }

  // Runs a change of one parked entry, refusing a second change of it while the first is under way.
  private <T> Future<T> withEntry(String id, HubPrincipal caller,
      java.util.function.Function<StoredDocument, Future<T>> change) {
    EntryIndex.Summary summary = index.get(id);
    if (summary == null || !Entries.visible(caller, summary.category())) {
      return Future.failedFuture(notFound(id));
    }
    if (summary.resolved()) {
      return Future.failedFuture(HubException.conflict("entry '" + id + "' is already resolved"));
    }
    if (!busy.add(id)) {
      return Future.failedFuture(HubException.conflict("entry '" + id + "' is being resolved or resubmitted; "
          + "try again when that is done"));
    }
    return storage.get(Entries.COLLECTION, id).compose(doc -> {
      if (doc == null) {
        return Future.<T>failedFuture(HubException.notFound("no dead-letter entry '" + id + "'"));
      }
      return change.apply(doc);
    }).andThen(ar -> busy.remove(id));
  }

  private void publishPurged(List<EntryIndex.Summary> gone, String reason) {
    for (int i = 0; i < gone.size(); i += EVENT_BATCH) {
      List<EventDraft> drafts = gone.subList(i, Math.min(i + EVENT_BATCH, gone.size())).stream()
          .map(s -> withAttributes(EventDraft.of(DlqPlugin.CATEGORY, "entry-purged", s.id(), new JsonObject()
              .put("id", s.id()).put("category", s.category()).put("origin", new JsonObject().put("plugin", s.plugin()))
              .put("reason", reason))))
          .toList();
      publisher.publishAll(drafts).onFailure(e -> LOG.warn("could not publish entry-purged: " + e));
    }
  }

  private void publish(String type, String id, JsonObject data) {
    publish(type, id, data, null);
  }

  // eventId: an id derived from what the event tells of, so that telling it twice records it once; or null.
  private void publish(String type, String id, JsonObject data, String eventId) {
    publisher.publish(withAttributes(new EventDraft(eventId, DlqPlugin.CATEGORY, type, id, data)))
        .onFailure(e -> LOG.warn("could not publish " + type + " of entry " + id + ": " + e));
  }

  /**
   * Issue 20: the entry's id ({@code entry_id}) and the plugin it came from ({@code origin_plugin}) as
   * attributes, so that a subscription can follow one entry or one plugin's dead letters.
   */
  static EventDraft withAttributes(EventDraft draft) {
    draft = draft.withOptionalAttribute("entry_id", draft.key());
    Object origin = draft.data().getValue("origin");
    Object plugin = origin instanceof JsonObject o ? o.getValue("plugin") : origin;
    return plugin instanceof String p && EventDraft.isValidName(p) ? draft.withAttribute("origin_plugin", p) : draft;
  }

  // All state lives on the plugin's context: calls from the HTTP server's threads hop over.
  private <T> Future<T> onContext(Supplier<Future<T>> work) {
    return Contexts.on(context, work);
  }
}
