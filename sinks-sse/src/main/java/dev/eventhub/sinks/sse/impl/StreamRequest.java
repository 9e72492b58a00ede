package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.stream.Overflow;
import dev.eventhub.api.AttributeFilter;
import dev.eventhub.kit.stream.StreamFilter;
import dev.eventhub.kit.stream.StreamRules;
import io.vertx.core.MultiMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A client's {@code GET /sse}, checked: its filter, where its replay starts and how events are rendered.
 *
 * @param since the cursor to replay after: the {@code Last-Event-ID} header when the browser resumes, else the
 *     {@code since} parameter; {@code null} for none
 * @param last how many of the latest events to replay, or {@code null}; never set together with {@code since}
 * @param overflow what happens when the client falls {@code maxQueuedBytes} behind
 */
record StreamRequest(StreamFilter filter, String since, Integer last, EventRendering rendering, Overflow overflow) {
  /** The query parameters a stream accepts; any other is refused, naming it. */
  static final Set<String> PARAMETERS = Set.of("categories", "events", "keys", "since", "last", "format", "access_token",
      "overflow", "attr");
  static final String LAST_EVENT_ID = "Last-Event-ID";

  boolean replays() {
    return since != null || last != null;
  }

  /**
   * Reads the query parameters and the {@code Last-Event-ID} header.
   *
   * @throws HubException a 400 naming what is wrong
   */
  static StreamRequest parse(MultiMap params, String lastEventId) {
    Set<String> unknown = new TreeSet<>(params.names());
    unknown.removeAll(PARAMETERS);
    if (!unknown.isEmpty()) {
      throw HubException.badRequest("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
          + String.join(", ", unknown.stream().map(n -> "'" + StreamRules.abbreviate(n) + "'").toList())
          + ": a stream takes categories, events, keys, attr, since, last, format, overflow and access_token");
    }
    try {
      List<String> categories = list(params, "categories");
      if (categories.isEmpty()) {
        throw new IllegalArgumentException("parameter 'categories' is required: a comma-separated list of category "
            + "names or globs, e.g. categories=orders,billing-* or categories=*");
      }
      StreamRules.checkPatterns("parameter 'categories'", categories);
      List<String> events = list(params, "events");
      StreamRules.checkPatterns("parameter 'events'", events);
      List<String> keys = list(params, "keys");
      StreamRules.checkKeys("parameter 'keys'", keys);
      String since = single(params, "since");
      Integer last = last(single(params, "last"));
      if (since != null && last != null) {
        throw new IllegalArgumentException("parameters 'since' and 'last' cannot be combined");
      }
      if (since != null) {
        StreamRules.checkCursor("parameter 'since'", since);
      }
      if (lastEventId != null && !lastEventId.isEmpty()) {
        // The browser resumes: where it stopped wins over where the URL first started.
        StreamRules.checkCursor("header 'Last-Event-ID'", lastEventId);
        since = lastEventId;
        last = null;
      }
      EventRendering rendering = EventRendering.of(single(params, "format"));
      Overflow overflow = Overflow.parse("parameter 'overflow'", single(params, "overflow"));
      // Issue 20: attr=name:glob, repeated for each pair; not comma-separated, as a value may hold commas.
      AttributeFilter attributes = StreamRules.attributesFromQuery("parameter 'attr'", params.getAll("attr"));
      return new StreamRequest(new StreamFilter(categories, events, keys, attributes), since, last, rendering,
          overflow);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest(e.getMessage());
    }
  }

  // Comma-separated, and the parameter may also be repeated: categories=a,b&categories=c.
  private static List<String> list(MultiMap params, String name) {
    List<String> all = params.getAll(name);
    if (all.isEmpty()) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    for (String value : all) {
      for (String part : value.split(",", -1)) {
        parts.add(part);
        StreamRules.checkSize("parameter '" + name + "'", parts.size());
      }
    }
    if (parts.size() == 1 && parts.get(0).isEmpty()) {
      return List.of();
    }
    return List.copyOf(new LinkedHashSet<>(parts));
  }

  private static String single(MultiMap params, String name) {
    List<String> all = params.getAll(name);
    if (all.size() > 1) {
      throw new IllegalArgumentException("parameter '" + name + "' is given " + all.size() + " times: give it once");
    }
    return all.isEmpty() ? null : all.get(0);
  }

  private static Integer last(String value) {
    if (value == null) {
      return null;
    }
    long n;
    try {
      n = Long.parseLong(value);
    } catch (NumberFormatException e) {
      n = 0;
    }
    StreamRules.checkLast("parameter 'last'", n);
    return (int) n;
  }
}
