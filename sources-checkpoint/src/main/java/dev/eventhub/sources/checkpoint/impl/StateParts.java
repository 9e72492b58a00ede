package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A checkpoint's state, stored apart from its metadata in parts of at most {@link #PART_BYTES}
 * bytes (base64 in a document each), so that a state of any allowed size fits the storage's 1 MiB
 * per document and listing checkpoints never loads states.
 */
final class StateParts {
  static final String COLLECTION = "states";
  /** Raw bytes per part: base64 makes 699,052 characters of it, well under 1 MiB. */
  static final int PART_BYTES = 512 * 1024;

  private StateParts() {}

  /** The number of parts a state of {@code bytes} bytes takes; at least one. */
  static int count(int bytes) {
    return Math.max(1, (bytes + PART_BYTES - 1) / PART_BYTES);
  }

  /** The prefix of every part key of one checkpoint. */
  static String prefix(String checkpointKey) {
    return checkpointKey + "/";
  }

  static List<String> keys(String checkpointKey, int parts) {
    List<String> keys = new ArrayList<>(parts);
    for (int i = 0; i < parts; i++) {
      keys.add(prefix(checkpointKey) + i);
    }
    return keys;
  }

  /** Writes the parts of {@code state}, the JSON text's UTF-8 bytes, one after the other. */
  static Future<Void> write(PluginStorage storage, String checkpointKey, byte[] state) {
    Future<Void> chain = Future.succeededFuture();
    List<String> keys = keys(checkpointKey, count(state.length));
    for (int i = 0; i < keys.size(); i++) {
      byte[] part = Arrays.copyOfRange(state, i * PART_BYTES, Math.min(state.length, (i + 1) * PART_BYTES));
      String key = keys.get(i);
      JsonObject doc = new JsonObject().put("data", Base64.getEncoder().encodeToString(part));
      chain = chain.compose(v -> storage.put(COLLECTION, key, doc).mapEmpty());
    }
    return chain;
  }

  /**
   * Reads a state back as a JSON value; fails {@code not_found} when a part is missing, which happens
   * only when the checkpoint is deleted while being read.
   */
  static Future<Object> read(PluginStorage storage, String checkpointKey, int parts) {
    List<Future<StoredDocument>> reads = new ArrayList<>();
    for (String key : keys(checkpointKey, parts)) {
      reads.add(storage.get(COLLECTION, key));
    }
    return Future.all(reads).map(all -> {
      Buffer text = Buffer.buffer();
      for (Future<StoredDocument> read : reads) {
        if (read.result() == null) {
          throw HubException.notFound("the checkpoint was deleted while it was being read");
        }
        text.appendBytes(Base64.getDecoder().decode(read.result().value().getString("data")));
      }
      return Json.decodeValue(text);
    });
  }
}
