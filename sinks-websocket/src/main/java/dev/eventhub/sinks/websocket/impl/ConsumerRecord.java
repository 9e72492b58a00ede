package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A named consumer as the store keeps it: whose it is, what it selects, and how far it has acknowledged.
 *
 * @param subject the token subject that owns it (a consumer's name is unique per subject)
 * @param name the client's name for it
 * @param cursor the committed cursor: delivery resumes after it
 * @param lastAttached when a member was last attached (epoch milliseconds): the consumer expires that long
 *     after it
 */
record ConsumerRecord(String subject, String name, List<String> categories, List<String> events, List<String> keys,
    boolean autoAck, String cursor, long created, long lastAttached) {

  /** The store's key for a subject's consumer: the subject's length first, so no two pairs share a key. */
  static String key(String subject, String name) {
    return subject.length() + ":" + subject + "/" + name;
  }

  String key() {
    return key(subject, name);
  }

  ConsumerRecord withCursor(String cursor, long lastAttached) {
    return new ConsumerRecord(subject, name, categories, events, keys, autoAck, cursor, created, lastAttached);
  }

  /** Whether a subscribe request selects the same events (the delivery mode may differ between members). */
  boolean sameFilter(List<String> categories, List<String> events, List<String> keys) {
    return this.categories.equals(categories) && this.events.equals(events) && this.keys.equals(keys);
  }

  JsonObject toJson() {
    return new JsonObject().put("subject", subject).put("name", name).put("categories", new JsonArray(categories))
        .put("events", new JsonArray(events)).put("keys", new JsonArray(keys)).put("autoAck", autoAck)
        .put("cursor", cursor).put("created", created).put("lastAttached", lastAttached);
  }

  static ConsumerRecord fromJson(JsonObject json) {
    return new ConsumerRecord(json.getString("subject"), json.getString("name"), strings(json, "categories"),
        strings(json, "events"), strings(json, "keys"), json.getBoolean("autoAck", false), json.getString("cursor"),
        json.getLong("created", 0L), json.getLong("lastAttached", 0L));
  }

  private static List<String> strings(JsonObject json, String field) {
    JsonArray array = json.getJsonArray(field, new JsonArray());
    return array.stream().map(String::valueOf).toList();
  }
}
