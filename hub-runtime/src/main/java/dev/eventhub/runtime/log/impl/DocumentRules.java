package dev.eventhub.runtime.log.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/** What every plugin-storage write is checked against before it is written or produced. */
public final class DocumentRules {
  public static final int MAX_NAME = 256;
  public static final int MAX_DOCUMENT_BYTES = 1 << 20;

  private DocumentRules() {}

  /** Fails with BAD_REQUEST when a collection or key name is empty or longer than {@link #MAX_NAME}. */
  public static Future<Void> checkNames(String collection, String key) {
    if (collection == null || collection.isEmpty() || collection.length() > MAX_NAME) {
      return Future.failedFuture(HubException.badRequest("a collection name is 1 to 256 characters"));
    }
    if (key == null || key.isEmpty() || key.length() > MAX_NAME) {
      return Future.failedFuture(HubException.badRequest("a key is 1 to 256 characters"));
    }
    return Future.succeededFuture();
  }

  /** The document's JSON text, or a failure: none given, or more than 1 MiB. */
  public static Future<String> encode(String collection, String key, JsonObject value) {
    if (value == null) {
      return Future.failedFuture(HubException.badRequest("a document is required"));
    }
    String text = value.encode();
    if (text.length() > MAX_DOCUMENT_BYTES) {
      return Future.failedFuture(new HubException(ErrorCode.TOO_LARGE, "a document is at most 1 MiB of JSON"));
    }
    return checkNames(collection, key).map(text);
  }
}
