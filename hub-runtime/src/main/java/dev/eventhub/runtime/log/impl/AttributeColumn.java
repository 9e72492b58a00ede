package dev.eventhub.runtime.log.impl;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code attributes} column of the events table: the event's attributes as a JSON object, or NULL when
 * it has none (and for every row written before events had attributes), so that such rows cost nothing.
 */
final class AttributeColumn {
  /** Added to stores made before issue 20; {@link Schema} adds it when missing. */
  static final String NAME = "attributes";

  private AttributeColumn() {}

  /** The column's text for {@code attributes}: null when empty. */
  static String encode(Map<String, String> attributes) {
    return attributes.isEmpty() ? null : new JsonObject(new LinkedHashMap<>(attributes)).encode();
  }

  /** The attributes of a row's column text (null: none). */
  static Map<String, String> decode(String text) {
    if (text == null) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    new JsonObject(text).forEach(e -> out.put(e.getKey(), String.valueOf(e.getValue())));
    return out;
  }
}
