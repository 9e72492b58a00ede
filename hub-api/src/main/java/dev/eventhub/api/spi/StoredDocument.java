package dev.eventhub.api.spi;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A document in a plugin's storage, with the version that {@link PluginStorage#replace} checks.
 *
 * @param collection the collection it is in
 * @param key its key, unique in the collection
 * @param version 1 when inserted, one more on every write: for optimistic concurrency
 * @param value the document; a copy, change it freely
 * @param updatedAt when it was last written
 */
public record StoredDocument(String collection, String key, long version, JsonObject value, Instant updatedAt) {
  /** Copies the value. */
  public StoredDocument {
    value = value == null ? new JsonObject() : value.copy();
  }

  /** A copy of the document. Overridden so the record stays immutable. */
  @Override
  public JsonObject value() {
    return value.copy();
  }
}
