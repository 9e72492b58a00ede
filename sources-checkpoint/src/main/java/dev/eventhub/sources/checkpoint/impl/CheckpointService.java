package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.async.KeyedQueue;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.id.UlidGenerator;
import dev.eventhub.kit.outbox.Outbox;
import dev.eventhub.kit.outbox.Outbox.Change;
import dev.eventhub.kit.outbox.Outbox.Cleanup;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The checkpoint service: sessions, their checkpoints and the events announcing each change.
 * Changes to one session run one at a time ({@link KeyedQueue}); every operation runs on the
 * plugin's context ({@link Contexts#roundTrip}), so callers may be on any thread.
 *
 * <p>Storage: {@code sessions} (key: session id), {@code checkpoints} (key: {@code
 * <session>/<checkpoint id>}, the metadata) and {@link StateParts#COLLECTION} (the states).
 * Checkpoint ids are {@link UlidGenerator ULID}s, so key order within a session is creation order.
 */
final class CheckpointService {
  static final String CATEGORY = "checkpoint";
  static final String SESSIONS = "sessions";
  static final String CHECKPOINTS = "checkpoints";
  static final int MAX_LABEL = 256;
  static final int DEFAULT_PAGE = 50;
  static final int MAX_PAGE = 1000;

  private final PluginStorage storage;
  private final Outbox outbox;
  private final UlidGenerator ids;
  private final CheckpointOptions options;
  private final Context context;
  private final KeyedQueue queue = KeyedQueue.create();

  CheckpointService(PluginStorage storage, Outbox outbox, UlidGenerator ids, CheckpointOptions options,
      Context context) {
    this.storage = storage;
    this.outbox = outbox;
    this.ids = ids;
    this.options = options;
    this.context = context;
  }

  /** Creates a checkpoint from a body {@code {"label":..., "state":...}}. */
  Future<JsonObject> create(String sessionId, JsonObject body) {
    Fields.id("sessionId", sessionId);
    String label = Fields.string(body, "label", true, MAX_LABEL);
    Object state = body.getValue("state");
    if (state == null) {
      throw HubException.badRequest("field 'state' is required (any JSON value but null)");
    }
    byte[] bytes = Json.encode(state).getBytes(StandardCharsets.UTF_8);
    if (bytes.length > options.maxStateBytes()) {
      throw HubException.tooLarge("field 'state' is " + bytes.length + " bytes of JSON, over the limit of "
          + options.maxStateBytes() + " (" + CheckpointOptions.PREFIX + "maxStateBytes)");
    }
    return on(() -> queue.run(sessionId, () -> storage.count(CHECKPOINTS, sessionPrefix(sessionId))
        .compose(count -> insert(sessionId, label, state, bytes, count))));
  }

  private Future<JsonObject> insert(String sessionId, String label, Object state, byte[] bytes, long count) {
    if (count >= options.maxCheckpointsPerSession()) {
      throw HubException.conflict("session '" + sessionId + "' holds " + count + " checkpoints, the limit ("
          + CheckpointOptions.PREFIX + "maxCheckpointsPerSession); compact it or delete some first");
    }
    String now = now();
    String checkpointId = ids.next();
    String key = key(sessionId, checkpointId);
    int parts = StateParts.count(bytes.length);
    JsonObject meta = new JsonObject().put("checkpoint_id", checkpointId).put("session_id", sessionId)
        .put("label", label).put("created_at", now).put("state_bytes", bytes.length).put("state_parts", parts)
        .put("restore_count", 0).put("last_restored_at", null);
    JsonObject data = view(meta).put("checkpoint_count", count + 1);
    withState(data, state, bytes.length);
    Change change = Change.insert(CHECKPOINTS, key).publishing(draft("checkpoint-created", sessionId, data))
        .cleanupWhenAbandoned(new Cleanup(StateParts.COLLECTION, StateParts.prefix(key), null));
    return outbox.commit(change, () -> ensureSession(sessionId, now)
            .compose(v -> StateParts.write(storage, key, bytes))
            .compose(v -> storage.insert(CHECKPOINTS, key, meta))
            .recover(e -> storage.deleteAll(StateParts.COLLECTION, StateParts.keys(key, parts)).otherwiseEmpty()
                .compose(v -> Future.failedFuture(e))))
        .map(stored -> view(meta).put("checkpoint_count", count + 1));
  }

  /** A page of a session's checkpoints, newest first, without their states. */
  Future<JsonObject> list(String sessionId, int limit, String after) {
    Fields.id("sessionId", sessionId);
    if (after != null) {
      Fields.id("after", after);
    }
    String prefix = sessionPrefix(sessionId);
    ListOptions page = ListOptions.prefix(prefix, limit + 1).reversed();
    ListOptions query = after == null ? page : page.after(prefix + after);
    return on(() -> requireSession(sessionId).compose(s -> storage.list(CHECKPOINTS, query)).map(docs -> {
      JsonArray out = new JsonArray();
      docs.stream().limit(limit).forEach(d -> out.add(view(d.value())));
      boolean more = docs.size() > limit;
      String next = more ? out.getJsonObject(limit - 1).getString("checkpoint_id") : null;
      return new JsonObject().put("session_id", sessionId).put("checkpoints", out).put("next", next).put("more", more);
    }));
  }

  /** One checkpoint with its state. */
  Future<JsonObject> get(String sessionId, String checkpointId) {
    Fields.id("sessionId", sessionId);
    Fields.id("checkpointId", checkpointId);
    return on(() -> requireCheckpoint(sessionId, checkpointId).compose(doc -> {
      JsonObject meta = doc.value();
      return StateParts.read(storage, doc.key(), meta.getInteger("state_parts"))
          .map(state -> view(meta).put("state", state));
    }));
  }

  /** Answers a checkpoint's state and records the restore. */
  Future<JsonObject> restore(String sessionId, String checkpointId) {
    Fields.id("sessionId", sessionId);
    Fields.id("checkpointId", checkpointId);
    return on(() -> queue.run(sessionId, () -> requireCheckpoint(sessionId, checkpointId)
        .compose(doc -> StateParts.read(storage, doc.key(), doc.value().getInteger("state_parts"))
            .compose(state -> recordRestore(doc, state)))));
  }

  private Future<JsonObject> recordRestore(StoredDocument doc, Object state) {
    JsonObject meta = doc.value();
    meta.put("restore_count", meta.getInteger("restore_count") + 1).put("last_restored_at", now());
    JsonObject data = view(meta).put("restored_at", meta.getString("last_restored_at"));
    withState(data, state, meta.getInteger("state_bytes"));
    Change change = Change.replace(CHECKPOINTS, doc.key(), doc.version())
        .publishing(draft("checkpoint-restored", meta.getString("session_id"), data));
    return outbox.commit(change, () -> storage.replace(CHECKPOINTS, doc.key(), doc.version(), meta))
        .map(stored -> view(meta).put("state", state));
  }

  /** Deletes a checkpoint and its state. */
  Future<JsonObject> delete(String sessionId, String checkpointId) {
    Fields.id("sessionId", sessionId);
    Fields.id("checkpointId", checkpointId);
    return on(() -> queue.run(sessionId, () -> requireCheckpoint(sessionId, checkpointId)
        .compose(doc -> storage.count(CHECKPOINTS, sessionPrefix(sessionId)).compose(count -> {
          JsonObject meta = doc.value();
          long remaining = count - 1;
          List<String> parts = StateParts.keys(doc.key(), meta.getInteger("state_parts"));
          Change change = Change.delete(CHECKPOINTS, doc.key())
              .publishing(draft("checkpoint-deleted", sessionId, view(meta).put("remaining", remaining)))
              .cleanupWhenApplied(new Cleanup(StateParts.COLLECTION, StateParts.prefix(doc.key()), null));
          return outbox.commit(change, () -> storage.delete(CHECKPOINTS, doc.key())
                  .compose(v -> storage.deleteAll(StateParts.COLLECTION, parts)))
              .map(v -> view(meta).put("deleted", true).put("remaining", remaining));
        }))));
  }

  /** Deletes all but the {@code keep} newest checkpoints of a session, from a body {@code {"keep":N}}. */
  Future<JsonObject> compact(String sessionId, JsonObject body) {
    Fields.id("sessionId", sessionId);
    int keep = Fields.integer(body, "keep", true, 0, Integer.MAX_VALUE).intValue();
    return on(() -> queue.run(sessionId, () -> requireSession(sessionId)
        .compose(s -> listAll(sessionPrefix(sessionId), null, new ArrayList<>()))
        .compose(docs -> compact(sessionId, keep, docs))));
  }

  private Future<JsonObject> compact(String sessionId, int keep, List<StoredDocument> newestFirst) {
    List<StoredDocument> kept = newestFirst.subList(0, Math.min(keep, newestFirst.size()));
    List<StoredDocument> victims = newestFirst.subList(kept.size(), newestFirst.size());
    JsonObject answer = new JsonObject().put("session_id", sessionId).put("keep", keep)
        .put("deleted", victims.size()).put("remaining", kept.size())
        .put("checkpoint_id", kept.isEmpty() ? null : kept.get(kept.size() - 1).value().getString("checkpoint_id"))
        .put("latest_checkpoint_id", kept.isEmpty() ? null : kept.get(0).value().getString("checkpoint_id"));
    if (victims.isEmpty()) {
      return Future.succeededFuture(answer);
    }
    List<String> keys = victims.stream().map(StoredDocument::key).toList();
    List<String> parts = new ArrayList<>();
    victims.forEach(d -> parts.addAll(StateParts.keys(d.key(), d.value().getInteger("state_parts"))));
    // Every part of a deleted checkpoint sorts before this bound, every part of a later one after it.
    String bound = keys.get(0) + "/~";
    Change change = Change.delete(CHECKPOINTS, keys.get(0))
        .publishing(draft("checkpoints-compacted", sessionId, answer.copy()))
        .cleanupWhenApplied(new Cleanup(StateParts.COLLECTION, sessionPrefix(sessionId), bound));
    return outbox.commit(change, () -> storage.deleteAll(CHECKPOINTS, keys)
            .compose(n -> storage.deleteAll(StateParts.COLLECTION, parts)))
        .map(n -> answer);
  }

  /** A session: when it began, how many checkpoints it holds, its newest one. */
  Future<JsonObject> session(String sessionId) {
    Fields.id("sessionId", sessionId);
    return on(() -> requireSession(sessionId).compose(session -> {
      String prefix = sessionPrefix(sessionId);
      Future<Long> count = storage.count(CHECKPOINTS, prefix);
      Future<List<StoredDocument>> latest = storage.list(CHECKPOINTS, ListOptions.prefix(prefix, 1).reversed());
      return Future.all(count, latest).map(all -> session.value().put("checkpoint_count", count.result())
          .put("latest", latest.result().isEmpty() ? null : view(latest.result().get(0).value())));
    }));
  }

  /** A page of the sessions, in id order. */
  Future<JsonObject> sessions(int limit, String after) {
    if (after != null) {
      Fields.id("after", after);
    }
    ListOptions first = ListOptions.first(limit + 1);
    ListOptions query = after == null ? first : first.after(after);
    return on(() -> storage.list(SESSIONS, query).map(docs -> {
      JsonArray out = new JsonArray();
      docs.stream().limit(limit).forEach(d -> out.add(d.value()));
      boolean more = docs.size() > limit;
      String next = more ? out.getJsonObject(limit - 1).getString("session_id") : null;
      return new JsonObject().put("sessions", out).put("next", next).put("more", more);
    }));
  }

  private Future<List<StoredDocument>> listAll(String prefix, String after, List<StoredDocument> into) {
    ListOptions page = ListOptions.prefix(prefix, MAX_PAGE).reversed();
    return storage.list(CHECKPOINTS, after == null ? page : page.after(after)).compose(docs -> {
      into.addAll(docs);
      return docs.size() < MAX_PAGE ? Future.succeededFuture(into)
          : listAll(prefix, docs.get(docs.size() - 1).key(), into);
    });
  }

  private Future<Void> ensureSession(String sessionId, String now) {
    return storage.get(SESSIONS, sessionId).compose(existing -> existing != null ? Future.succeededFuture()
        : storage.insert(SESSIONS, sessionId, new JsonObject().put("session_id", sessionId).put("created_at", now))
            .<Void>mapEmpty()
            .recover(e -> e instanceof HubException h && h.code() == ErrorCode.CONFLICT
                ? Future.succeededFuture() : Future.failedFuture(e)));
  }

  private Future<StoredDocument> requireSession(String sessionId) {
    return storage.get(SESSIONS, sessionId).map(doc -> {
      if (doc == null) {
        throw HubException.notFound("no session '" + sessionId + "'");
      }
      return doc;
    });
  }

  private Future<StoredDocument> requireCheckpoint(String sessionId, String checkpointId) {
    return requireSession(sessionId).compose(s -> storage.get(CHECKPOINTS, key(sessionId, checkpointId))).map(doc -> {
      if (doc == null) {
        throw HubException.notFound("no checkpoint '" + checkpointId + "' in session '" + sessionId + "'");
      }
      return doc;
    });
  }

  // Adds the state to an event's data when it is small enough to travel with it.
  private void withState(JsonObject data, Object state, int bytes) {
    boolean included = bytes <= options.maxEventStateBytes();
    data.put("state_included", included);
    if (included) {
      data.put("state", state);
    }
  }

  /** What clients see of a checkpoint's metadata. */
  private static JsonObject view(JsonObject meta) {
    JsonObject view = meta.copy();
    view.remove("state_parts");
    return view;
  }

  private static EventDraft draft(String type, String sessionId, JsonObject data) {
    Object checkpoint = data.getValue("checkpoint_id");
    return EventDraft.of(CATEGORY, type, sessionId, data).withOptionalAttribute("session_id", sessionId)
        .withOptionalAttribute("checkpoint_id", checkpoint instanceof String s ? s : null);
  }


  static String sessionPrefix(String sessionId) {
    return sessionId + "/";
  }

  static String key(String sessionId, String checkpointId) {
    return sessionPrefix(sessionId) + checkpointId;
  }

  private static String now() {
    return HubEvent.formatTimestamp(Instant.now());
  }

  // Every operation runs on the plugin's context and completes back on the caller's.
  private <T> Future<T> on(Supplier<Future<T>> operation) {
    return Contexts.roundTrip(context, operation);
  }
}
