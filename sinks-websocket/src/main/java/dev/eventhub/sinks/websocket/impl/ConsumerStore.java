package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;

/**
 * Where named consumers' definitions and committed cursors are kept. The sink's implementation keeps them
 * as documents of its plugin storage ({@link DocumentConsumerStore}), which is the log's store: a table of
 * the SQLite log on a single hub. Every method returns at once; the work runs off the event loop.
 */
interface ConsumerStore {
  /** The consumer with that key, or {@code null}. */
  Future<ConsumerRecord> load(String key);

  /** Writes these consumers (their cursors moved), in one pass. */
  Future<Void> saveAll(Collection<ConsumerRecord> records);

  /** Removes the consumer; {@code false} when there was none. */
  Future<Boolean> delete(String key);

  /** Every consumer kept. */
  Future<List<ConsumerRecord>> list();
}
