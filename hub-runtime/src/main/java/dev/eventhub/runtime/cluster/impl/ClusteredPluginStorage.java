package dev.eventhub.runtime.cluster.impl;

import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A plugin's storage in a cluster: reads from this node's store, which holds every document; writes
 * run on the sequencer, which sends the result to every member before it answers.
 */
final class ClusteredPluginStorage implements PluginStorage {
  private final String namespace;
  private final PluginStorage local;
  private final ClusterNode node;

  ClusteredPluginStorage(String namespace, PluginStorage local, ClusterNode node) {
    this.namespace = namespace;
    this.local = local;
    this.node = node;
  }

  @Override
  public Future<StoredDocument> get(String collection, String key) {
    return local.get(collection, key);
  }

  @Override
  public Future<List<StoredDocument>> list(String collection, ListOptions options) {
    return local.list(collection, options);
  }

  @Override
  public Future<Long> count(String collection, String prefix) {
    return local.count(collection, prefix);
  }

  @Override
  public Future<StoredDocument> put(String collection, String key, JsonObject value) {
    return write("put", collection, key, value);
  }

  @Override
  public Future<StoredDocument> insert(String collection, String key, JsonObject value) {
    return write("insert", collection, key, value);
  }

  @Override
  public Future<StoredDocument> replace(String collection, String key, long expectedVersion, JsonObject value) {
    return node.storageWrite(StorageOps.request(namespace, "replace", collection, key).put("value", value)
        .put("expectedVersion", expectedVersion)).map(StorageOps::document);
  }

  @Override
  public Future<Boolean> delete(String collection, String key) {
    return deleteAll(collection, List.of(key)).map(n -> n > 0);
  }

  @Override
  public Future<Integer> deleteAll(String collection, List<String> keys) {
    return node.storageWrite(StorageOps.request(namespace, "deleteAll", collection, "-")
        .put("keys", StorageOps.keys(keys))).map(r -> r.getInteger("count"));
  }

  private Future<StoredDocument> write(String op, String collection, String key, JsonObject value) {
    return node.storageWrite(StorageOps.request(namespace, op, collection, key).put("value", value))
        .map(StorageOps::document);
  }
}
