package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.cloudevents.CloudEvents;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * How a stream renders an event as one SSE message ({@code id:} line, {@code data:} line, blank line):
 * the single place where the event's JSON is chosen, so that another format plugs in here.
 */
enum EventRendering {
  /** The event as docs/http-api.md "the event" defines it, {@code "replay":true} first for a replayed one. */
  HUB {
    @Override
    Buffer render(HubEvent event, boolean replay) {
      return message(event.cursor(), replay ? withReplay(event.encode()) : event.encode());
    }
  },

  /**
   * The event as a CloudEvent in the JSON format (docs/cloudevents.md), with the {@code hubcursor} extension.
   * No replay marker: {@code replay_complete} marks where replay ends.
   */
  CLOUDEVENTS {
    @Override
    Buffer render(HubEvent event, boolean replay) {
      return message(event.cursor(), CloudEvents.encode(event));
    }
  };

  /** The name a stream gives by default. */
  static final String DEFAULT = "hub";

  private static final String REPLAY_FIELD = "\"replay\":true,";

  /** The event as one SSE message: {@code id: <cursor>}, {@code data: <one line of JSON>}, a blank line. */
  abstract Buffer render(HubEvent event, boolean replay);

  /**
   * The rendering a stream's {@code format} parameter names.
   *
   * @throws IllegalArgumentException for an unknown or not yet supported format
   */
  static EventRendering of(String format) {
    if (format == null || format.equals(DEFAULT)) {
      return HUB;
    }
    if (format.equals("cloudevents")) {
      return CLOUDEVENTS;
    }
    throw new IllegalArgumentException("parameter 'format' must be hub or cloudevents");
  }

  static Buffer message(String id, String json) {
    // The JSON encoder escapes line breaks inside strings: the data is one line, as SSE needs.
    return Buffer.buffer("id: " + id + "\ndata: " + json + "\n\n", "UTF-8");
  }

  private static String withReplay(String json) {
    return json.length() <= 2 ? "{\"replay\":true}" : "{" + REPLAY_FIELD + json.substring(1);
  }

  /** A named event, e.g. {@code replay_complete} or {@code error}, with its data. */
  static Buffer named(String event, String json) {
    return Buffer.buffer(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
  }
}
