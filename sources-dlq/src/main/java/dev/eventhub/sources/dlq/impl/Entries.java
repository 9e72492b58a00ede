package dev.eventhub.sources.dlq.impl;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The states of an entry and the event data built from an entry's document. */
final class Entries {
  static final String PARKED = "parked";
  static final String RESOLVED = "resolved";
  static final String COLLECTION = "entries";

  private Entries() {}

  static boolean isState(String s) {
    return PARKED.equals(s) || RESOLVED.equals(s);
  }

  /** What the index keeps of an entry. */
  static EntryIndex.Summary summary(JsonObject entry) {
    return new EntryIndex.Summary(entry.getString("id"), entry.getJsonObject("origin").getString("plugin"),
        RESOLVED.equals(entry.getString("state")), Instant.parse(entry.getString("parkedAt")).toEpochMilli());
  }

  /** The data of {@code entry-added}: the entry without its payload (fetch the entry for that). */
  static JsonObject added(JsonObject entry) {
    return new JsonObject()
        .put("id", entry.getString("id"))
        .put("origin", entry.getJsonObject("origin").copy())
        .put("reason", entry.getString("reason"))
        .put("attempts", entry.getInteger("attempts"))
        .put("firstFailureAt", entry.getString("firstFailureAt"))
        .put("lastFailureAt", entry.getString("lastFailureAt"))
        .put("parkedVia", entry.getString("parkedVia"));
  }

  static JsonObject brief(JsonObject entry) {
    return new JsonObject().put("id", entry.getString("id")).put("origin", entry.getJsonObject("origin").copy());
  }
}
