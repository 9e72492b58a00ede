package dev.eventhub.sinks.mcp.impl;

import dev.eventhub.api.EventPage;
import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Tool results: pages of events bounded in bytes, and their text rendering for the model. */
final class Results {
  private static final int MAX_DATA_TEXT = 400;

  private Results() {}

  /**
   * A page as a tool answers it, with at most {@code maxBytes} of encoded events (one at least): when it
   * stops early, {@code next} is the last event given and {@code more} is true.
   *
   * @param newestFirstTrim for a page of the latest events: trim the oldest instead, so that the newest stay
   */
  static JsonObject page(EventPage page, int maxBytes, boolean newestFirstTrim) {
    List<HubEvent> events = page.events();
    int from = 0;
    int to = events.size();
    long bytes = 0;
    if (newestFirstTrim) {
      for (int i = events.size() - 1; i >= 0; i--) {
        bytes += events.get(i).encode().length();
        if (bytes > maxBytes && i < events.size() - 1) {
          from = i + 1;
          break;
        }
      }
    } else {
      for (int i = 0; i < events.size(); i++) {
        bytes += events.get(i).encode().length();
        if (bytes > maxBytes && i > 0) {
          to = i;
          break;
        }
      }
    }
    JsonArray out = new JsonArray();
    for (int i = from; i < to; i++) {
      out.add(events.get(i).toJson());
    }
    boolean cut = to < events.size();
    String next = cut ? events.get(to - 1).cursor() : page.next();
    return new JsonObject().put("events", out).put("next", next).put("more", page.more() || cut)
        .put("complete", page.complete());
  }

  /** One line per event, then where to read on. */
  static String renderPage(JsonObject page) {
    JsonArray events = page.getJsonArray("events");
    StringBuilder out = new StringBuilder();
    if (Boolean.TRUE.equals(page.getBoolean("timedOut"))) {
      out.append("No matching event arrived before the timeout.\n");
    }
    out.append(events.size()).append(events.size() == 1 ? " event" : " events").append(events.isEmpty() ? "." : ":")
        .append('\n');
    for (int i = 0; i < events.size(); i++) {
      out.append(renderEvent(events.getJsonObject(i))).append('\n');
    }
    out.append("next cursor: ").append(page.getString("next"));
    if (Boolean.TRUE.equals(page.getBoolean("more"))) {
      out.append(" (more events follow: call again with since = this cursor)");
    }
    if (Boolean.FALSE.equals(page.getBoolean("complete"))) {
      out.append("\nwarning: events may be missing (the cursor is older than retention or unknown to this hub)");
    }
    return out.toString();
  }

  static String renderEvent(JsonObject e) {
    String data = e.getJsonObject("data", new JsonObject()).encode();
    if (data.length() > MAX_DATA_TEXT) {
      data = data.substring(0, MAX_DATA_TEXT) + "... (truncated here; structuredContent holds all of it)";
    }
    return "- " + e.getString("timestamp") + " " + e.getString("category") + "/" + e.getString("event")
        + (e.getString("key") == null ? "" : " key=" + e.getString("key"))
        + " id=" + e.getString("id") + " cursor=" + e.getString("cursor") + " data=" + data;
  }
}
