package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Named consumers as documents of the sink's plugin storage, collection {@code consumers}: on a single hub
 * the log's SQLite store, written by the log's writer thread (off every event loop).
 */
final class DocumentConsumerStore implements ConsumerStore {
  private static final String COLLECTION = "consumers";
  private static final int PAGE = 500;

  private final PluginStorage storage;

  DocumentConsumerStore(PluginStorage storage) {
    this.storage = storage;
  }

  @Override
  public Future<ConsumerRecord> load(String key) {
    return storage.get(COLLECTION, key).map(d -> d == null ? null : ConsumerRecord.fromJson(d.value()));
  }

  @Override
  public Future<Void> saveAll(Collection<ConsumerRecord> records) {
    List<Future<StoredDocument>> writes = new ArrayList<>();
    for (ConsumerRecord r : records) {
      writes.add(storage.put(COLLECTION, r.key(), r.toJson()));
    }
    return Future.all(writes).mapEmpty();
  }

  @Override
  public Future<Boolean> delete(String key) {
    return storage.delete(COLLECTION, key);
  }

  @Override
  public Future<List<ConsumerRecord>> list() {
    List<ConsumerRecord> out = new ArrayList<>();
    return page(null, out).map(v -> out);
  }

  private Future<Void> page(String after, List<ConsumerRecord> out) {
    return storage.list(COLLECTION, new ListOptions(null, after, PAGE, false)).compose(docs -> {
      docs.forEach(d -> out.add(ConsumerRecord.fromJson(d.value())));
      return docs.size() < PAGE ? Future.succeededFuture() : page(docs.get(docs.size() - 1).key(), out);
    });
  }
}
