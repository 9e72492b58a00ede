package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.spi.PluginStorage;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one subscription's delivery state behind the deliveries: one write at a time, the latest
 * state winning over those not yet written. A state lost in a crash only makes an event be delivered
 * again, which at-least-once allows. A claim ({@link #saveNow}) is a state the caller waits for: it
 * must be written before the delivery it announces goes out. Used on the plugin's context only.
 */
final class StateWriter {
  private static final Logger LOG = LoggerFactory.getLogger(StateWriter.class);

  private final PluginStorage storage;
  private final String collection;
  private final String key;
  private final List<Promise<Void>> flushes = new ArrayList<>();
  private JsonObject pending;
  // Who waits for the pending state (or one that replaced it) to be written.
  private List<Promise<Void>> pendingWaiters = new ArrayList<>();
  private boolean writing;

  StateWriter(PluginStorage storage, String collection, String key) {
    this.storage = storage;
    this.collection = collection;
    this.key = key;
  }

  void save(JsonObject state) {
    pending = state;
    if (!writing) {
      writeNext();
    }
  }

  /**
   * Saves {@code state} and completes once it (or a later state that replaced it before it went out)
   * is written; fails when that write failed, so that the caller does not act on a claim that is not
   * recorded (a storage that refuses writes, or a node that is no longer the cluster's leader).
   */
  Future<Void> saveNow(JsonObject state) {
    Promise<Void> written = Promise.promise();
    pendingWaiters.add(written);
    save(state);
    return written.future();
  }

  /** Completes once every state saved so far is written (or failed to be). */
  Future<Void> flush() {
    if (!writing) {
      return Future.succeededFuture();
    }
    Promise<Void> promise = Promise.promise();
    flushes.add(promise);
    return promise.future();
  }

  private void writeNext() {
    JsonObject state = pending;
    List<Promise<Void>> waiters = pendingWaiters;
    pending = null;
    pendingWaiters = new ArrayList<>();
    writing = true;
    storage.put(collection, key, state).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("could not save the delivery state of subscription " + key + ": " + ar.cause());
        waiters.forEach(w -> w.fail(ar.cause()));
      } else {
        waiters.forEach(Promise::complete);
      }
      if (pending != null) {
        writeNext();
        return;
      }
      writing = false;
      List<Promise<Void>> waiting = List.copyOf(flushes);
      flushes.clear();
      waiting.forEach(Promise::complete);
    });
  }
}
