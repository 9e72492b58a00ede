package dev.eventhub.runtime.cluster.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/** Plugin-storage writes as messages: built on any node, run on the sequencer's own storage. */
final class StorageOps {
  private StorageOps() {}

  static JsonObject request(String namespace, String op, String collection, String key) {
    return new JsonObject().put("ns", namespace).put("op", op).put("collection", collection).put("key", key);
  }

  static Future<JsonObject> apply(PluginStorage storage, JsonObject r) {
    String collection = r.getString("collection");
    String key = r.getString("key");
    return switch (r.getString("op")) {
      case "put" -> storage.put(collection, key, r.getJsonObject("value")).map(StorageOps::document);
      case "insert" -> storage.insert(collection, key, r.getJsonObject("value")).map(StorageOps::document);
      case "replace" -> storage.replace(collection, key, r.getLong("expectedVersion"), r.getJsonObject("value"))
          .map(StorageOps::document);
      case "deleteAll" -> storage.deleteAll(collection, r.getJsonArray("keys").getList())
          .map(n -> new JsonObject().put("count", n));
      default -> Future.failedFuture(HubException.badRequest("unknown storage operation " + r.getString("op")));
    };
  }

  static JsonObject document(StoredDocument d) {
    return new JsonObject().put("collection", d.collection()).put("key", d.key()).put("version", d.version())
        .put("value", d.value()).put("updated", d.updatedAt().toEpochMilli());
  }

  static StoredDocument document(JsonObject j) {
    return new StoredDocument(j.getString("collection"), j.getString("key"), j.getLong("version"),
        j.getJsonObject("value"), Instant.ofEpochMilli(j.getLong("updated")));
  }

  static JsonArray keys(List<String> keys) {
    return new JsonArray(List.copyOf(keys));
  }
}
