package dev.eventhub.runtime.log;

import io.vertx.core.json.JsonObject;

/**
 * One plugin document as a write left it: its new version and value, or its removal. What a cluster's
 * leader sends every other node so that their stores hold the same documents.
 *
 * @param version the document's version after the write; 0 when the write removed it
 * @param value the document's JSON text; null when removed
 * @param updated when it was written, epoch milliseconds
 */
public record DocumentChange(String namespace, String collection, String key, long version, String value,
    long updated) {
  /** True when the write removed the document. */
  public boolean removed() {
    return version == 0;
  }

  public JsonObject toJson() {
    return new JsonObject().put("ns", namespace).put("c", collection).put("k", key).put("v", version)
        .put("value", value).put("u", updated);
  }

  public static DocumentChange fromJson(JsonObject json) {
    return new DocumentChange(json.getString("ns"), json.getString("c"), json.getString("k"), json.getLong("v"),
        json.getString("value"), json.getLong("u"));
  }
}
