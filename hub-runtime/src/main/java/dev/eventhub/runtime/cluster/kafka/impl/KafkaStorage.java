package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.log.DocumentCommand;
import dev.eventhub.runtime.log.impl.DocumentRules;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Function;

/**
 * A plugin's storage on a cluster node: reads from this node's store; writes are checked here, produced to
 * the log as commands, and answer with what applying them did on this node (the same on every node).
 */
public final class KafkaStorage implements PluginStorage {
  private final String namespace;
  private final PluginStorage local;
  private final Function<DocumentCommand, Future<Object>> produce;

  /** @param produce sends a command and completes with its applied result */
  public KafkaStorage(String namespace, PluginStorage local, Function<DocumentCommand, Future<Object>> produce) {
    this.namespace = namespace;
    this.local = local;
    this.produce = produce;
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
    return write("put", collection, key, 0, value);
  }

  @Override
  public Future<StoredDocument> insert(String collection, String key, JsonObject value) {
    return write("insert", collection, key, 0, value);
  }

  @Override
  public Future<StoredDocument> replace(String collection, String key, long expectedVersion, JsonObject value) {
    return write("replace", collection, key, expectedVersion, value);
  }

  @Override
  public Future<Boolean> delete(String collection, String key) {
    return DocumentRules.checkNames(collection, key)
        .compose(v -> send(new DocumentCommand("delete", namespace, collection, key, List.of(), 0, null)))
        .map(n -> (Integer) n > 0);
  }

  @Override
  public Future<Integer> deleteAll(String collection, List<String> keys) {
    List<String> copy = List.copyOf(keys);
    for (String key : copy) {
      Future<Void> checked = DocumentRules.checkNames(collection, key);
      if (checked.failed()) {
        return Future.failedFuture(checked.cause());
      }
    }
    if (copy.isEmpty()) {
      return DocumentRules.checkNames(collection, "-").map(0);
    }
    return send(new DocumentCommand("deleteAll", namespace, collection, null, copy, 0, null)).map(n -> (Integer) n);
  }

  private Future<StoredDocument> write(String op, String collection, String key, long expected, JsonObject value) {
    return DocumentRules.encode(collection, key, value)
        .compose(text -> send(new DocumentCommand(op, namespace, collection, key, List.of(), expected, text)))
        .map(d -> (StoredDocument) d);
  }

  private Future<Object> send(DocumentCommand command) {
    return produce.apply(command).compose(result -> result instanceof HubException refused
        ? Future.failedFuture(refused) : Future.succeededFuture(result));
  }
}
