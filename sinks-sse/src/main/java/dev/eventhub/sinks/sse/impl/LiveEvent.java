package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.core.buffer.Buffer;

/**
 * A live event on its way to the streams: its hub-format message is rendered once, by the first
 * stream that needs it, and shared by all. Safe to share between threads.
 */
final class LiveEvent {
  final HubEvent event;
  private volatile Buffer hub;

  LiveEvent(HubEvent event) {
    this.event = event;
  }

  String cursor() {
    return event.cursor();
  }

  /** The message for a stream that renders with {@code rendering}. */
  Buffer message(EventRendering rendering) {
    if (rendering != EventRendering.HUB) {
      return rendering.render(event, false);
    }
    Buffer b = hub;
    if (b == null) {
      // Two threads may both build it: equal bytes, either may win.
      b = rendering.render(event, false);
      hub = b;
    }
    // Vert.x writes a buffer's bytes without consuming it: one buffer serves every stream.
    return b;
  }
}
