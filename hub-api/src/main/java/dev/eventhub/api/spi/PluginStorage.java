package dev.eventhub.api.spi;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Durable JSON documents private to one plugin, kept in the hub's own store: where sources keep
 * checkpoints, schedules, dead letters and webhook subscriptions.
 *
 * <p>Documents live in named collections and have a key unique in their collection. Every write is
 * durable when its future completes (it survives a kill -9), writes of one plugin apply in the
 * order they were made, and each carries a version for optimistic concurrency ({@link #replace}).
 * Collection names and keys are any non-empty strings up to 256 characters; a document is at most
 * 1 MiB of JSON.
 *
 * <p>Calls never block: the work runs on the store's own threads and the futures complete on the
 * caller's context. Futures fail with a {@link dev.eventhub.api.HubException}: {@link
 * dev.eventhub.api.ErrorCode#CONFLICT} for an {@link #insert} of a present key or a {@link #replace}
 * of a stale version, {@link dev.eventhub.api.ErrorCode#BAD_REQUEST} for a bad name or an oversize
 * document.
 */
public interface PluginStorage {
  /** The document, or {@code null} when there is none under that key. */
  Future<StoredDocument> get(String collection, String key);

  /** Writes the document whether or not one is present (an upsert), and returns what was stored. */
  Future<StoredDocument> put(String collection, String key, JsonObject value);

  /** Writes the document only if the key is absent; fails with {@code CONFLICT} otherwise. */
  Future<StoredDocument> insert(String collection, String key, JsonObject value);

  /**
   * Writes the document only if its current version is {@code expectedVersion}: the way to update
   * without losing a concurrent write. Fails with {@code CONFLICT} on another version, {@code
   * NOT_FOUND} when absent.
   */
  Future<StoredDocument> replace(String collection, String key, long expectedVersion, JsonObject value);

  /** Deletes the document; {@code true} if there was one. */
  Future<Boolean> delete(String collection, String key);

  /** Deletes the documents under the given keys in one atomic write; how many there were. */
  Future<Integer> deleteAll(String collection, List<String> keys);

  /** A page of the collection, as {@code options} says. */
  Future<List<StoredDocument>> list(String collection, ListOptions options);

  /** How many documents the collection holds (with {@code prefix}, only those whose key starts with it). */
  Future<Long> count(String collection, String prefix);
}
