package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.spi.ListOptions;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import java.util.List;
import java.util.function.Function;

/** Reads a storage collection page by page, so that no read holds all of it. */
final class Pages {
  static final int SIZE = 1000;

  private Pages() {}

  /**
   * Hands each page of the documents whose key starts with {@code prefix} ({@code null} for all), in
   * key order, to {@code handler}, reading the next page once the handler's future completes.
   */
  static Future<Void> forEach(PluginStorage storage, String collection, String prefix,
      Function<List<StoredDocument>, Future<?>> handler) {
    return from(storage, collection, ListOptions.prefix(prefix, SIZE), handler);
  }

  private static Future<Void> from(PluginStorage storage, String collection, ListOptions page,
      Function<List<StoredDocument>, Future<?>> handler) {
    return storage.list(collection, page).compose(docs -> handler.apply(docs).compose(v -> docs.size() < SIZE
        ? Future.succeededFuture()
        : from(storage, collection, page.after(docs.get(docs.size() - 1).key()), handler)));
  }
}
