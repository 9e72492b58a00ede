package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.core.buffer.Buffer;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One live event's bytes, shared by every connection it goes to: the envelope (the event's JSON,
 * built once on the dispatcher's thread) and each distinct {@code event} frame around it, built once
 * per subscription number ({@code sub-1}, which most connections have, and so on) by whichever
 * connection thread needs it first. Safe to share between threads.
 */
final class Encoded {
  private static final int SHARED_FRAMES = 16;

  final HubEvent event;
  final Buffer envelope;
  private final AtomicReferenceArray<Buffer> frames = new AtomicReferenceArray<>(SHARED_FRAMES);

  Encoded(HubEvent event) {
    this.event = event;
    this.envelope = Frames.envelope(event);
  }

  /** The {@code event} frame of this event for {@code s}. */
  Buffer frame(Subscription s) {
    int n = s.number();
    if (n >= SHARED_FRAMES) {
      return Frames.event(s.eventPrefix(), envelope, false);
    }
    Buffer frame = frames.get(n);
    if (frame == null) {
      // Two threads may both build it: equal bytes, and either may win.
      frame = Frames.event(s.eventPrefix(), envelope, false);
      frames.lazySet(n, frame);
    }
    return frame;
  }

  /** The bytes this event takes for {@code s} while it waits: its frame, or its envelope in a batch. */
  int size(Subscription s) {
    return envelope.length() + (s.batch() ? 1 : s.id().length() + 34);
  }
}
