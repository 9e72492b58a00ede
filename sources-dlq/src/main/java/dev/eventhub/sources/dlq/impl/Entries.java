package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubPrincipal;
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
        RESOLVED.equals(entry.getString("state")), Instant.parse(entry.getString("parkedAt")).toEpochMilli(),
        category(entry));
  }

  /**
   * The category whose readers may see the entry, or null for anyone with {@code subscribe:dlq}: the
   * entry's {@code category}. An entry stored before entries had one is judged by what it carries
   * (fail closed): the category of an event in its payload, or {@code scheduler} for a scheduler's call.
   */
  static String category(JsonObject entry) {
    if (entry.containsKey("category")) {
      return entry.getString("category");
    }
    if (entry.getValue("payload") instanceof JsonObject payload && payload.getValue("event") instanceof JsonObject event
        && event.getValue("category") instanceof String category && EventDraft.isValidName(category)) {
      return category;
    }
    boolean scheduler = "scheduler".equals(entry.getJsonObject("origin").getString("plugin"))
        && !"http".equals(entry.getString("parkedVia"));
    return scheduler ? "scheduler" : null;
  }

  /** Whether {@code viewer} may see (and act on) an entry of {@code category}: admin, or a reader of it. */
  static boolean visible(HubPrincipal viewer, String category) {
    return category == null || viewer.isAdmin() || viewer.canSubscribe(category);
  }

  /** An entry as the API answers it: with its category, also for one stored before entries had one. */
  static JsonObject view(JsonObject entry) {
    return entry.containsKey("category") ? entry : entry.put("category", category(entry));
  }

  /**
   * The data of {@code entry-added}: a reference only, no content (reason, target, payload). The
   * {@code dlq} stream reaches everyone with {@code subscribe:dlq}; the entry itself is fetched
   * through the API, which shows it only to readers of its category.
   */
  static JsonObject added(JsonObject entry) {
    return brief(entry)
        .put("attempts", entry.getInteger("attempts"))
        .put("firstFailureAt", entry.getString("firstFailureAt"))
        .put("lastFailureAt", entry.getString("lastFailureAt"))
        .put("parkedVia", entry.getString("parkedVia"));
  }

  /** The reference every event of the queue carries: id, category and the parking plugin. */
  static JsonObject brief(JsonObject entry) {
    return new JsonObject().put("id", entry.getString("id")).put("category", category(entry))
        .put("origin", new JsonObject().put("plugin", entry.getJsonObject("origin").getString("plugin")));
  }
}
