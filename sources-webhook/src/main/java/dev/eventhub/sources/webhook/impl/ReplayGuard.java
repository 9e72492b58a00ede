package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The webhook ids each endpoint has received, remembered in storage until they expire (the tolerance
 * window after their timestamp), so that a replayed request is refused even across a restart. The
 * insert is the check: two requests with one id racing each other record once. Thread-safe.
 */
final class ReplayGuard {
  static final String COLLECTION = "seen";

  private final PluginStorage storage;

  ReplayGuard(PluginStorage storage) {
    this.storage = storage;
  }

  /**
   * Remembers {@code id} for {@code endpoint} until {@code expiresAt}; completes with {@code false}
   * when it is already remembered and not yet expired.
   */
  Future<Boolean> remember(String endpoint, String id, long expiresAt, long now) {
    String key = key(endpoint, id);
    JsonObject value = new JsonObject().put("expiresAt", expiresAt);
    return storage.insert(COLLECTION, key, value).map(true).recover(e -> {
      if (!isConflict(e)) {
        return Future.failedFuture(e);
      }
      return storage.get(COLLECTION, key).compose(doc -> {
        if (doc != null && doc.value().getLong("expiresAt", 0L) > now) {
          return Future.succeededFuture(false);
        }
        // Expired, and not yet pruned: it is new again.
        Future<StoredDocument> write = doc == null ? storage.insert(COLLECTION, key, value)
            : storage.replace(COLLECTION, key, doc.version(), value);
        return write.map(true).recover(again -> isConflict(again) ? Future.succeededFuture(false)
            : Future.failedFuture(again));
      });
    });
  }

  /** Forgets an id remembered for a request that was then not recorded, so that its sender may retry. */
  Future<Boolean> forget(String endpoint, String id) {
    return storage.delete(COLLECTION, key(endpoint, id));
  }

  /** Forgets every id of a deleted endpoint. */
  Future<Void> forgetEndpoint(String endpoint) {
    return Pages.forEach(storage, COLLECTION, endpoint + "/", docs -> docs.isEmpty() ? Future.succeededFuture()
        : storage.deleteAll(COLLECTION, docs.stream().map(StoredDocument::key).toList()));
  }

  /** Deletes the expired ids; how many. */
  Future<Integer> prune(long now) {
    int[] pruned = {0};
    return Pages.forEach(storage, COLLECTION, null, docs -> {
      List<String> expired = docs.stream().filter(d -> d.value().getLong("expiresAt", 0L) <= now)
          .map(StoredDocument::key).toList();
      return expired.isEmpty() ? Future.succeededFuture()
          : storage.deleteAll(COLLECTION, expired).onSuccess(n -> pruned[0] += n);
    }).map(v -> pruned[0]);
  }

  private static String key(String endpoint, String id) {
    return endpoint + "/" + id;
  }

  private static boolean isConflict(Throwable e) {
    return e instanceof HubException h && h.code() == ErrorCode.CONFLICT;
  }
}
