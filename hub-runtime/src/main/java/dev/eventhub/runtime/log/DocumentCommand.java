package dev.eventhub.runtime.log;

import java.util.List;

/**
 * A plugin-storage write as it travels in a cluster's log, resolved by every node when it applies it, in
 * log order, with the same outcome everywhere: versions count up at apply, a stale {@code replace} never
 * overwrites a newer document.
 *
 * @param op {@code put}, {@code insert}, {@code replace}, {@code delete} or {@code deleteAll}
 * @param namespace the plugin's namespace
 * @param key the document's key; null for {@code deleteAll}
 * @param keys the keys of {@code deleteAll}; empty otherwise
 * @param expectedVersion what {@code replace} expects; 0 otherwise
 * @param value the document's JSON text; null for deletes
 */
public record DocumentCommand(String op, String namespace, String collection, String key, List<String> keys,
    long expectedVersion, String value) {
  public static final List<String> OPS = List.of("put", "insert", "replace", "delete", "deleteAll");

  public DocumentCommand {
    keys = keys == null ? List.of() : List.copyOf(keys);
  }
}
