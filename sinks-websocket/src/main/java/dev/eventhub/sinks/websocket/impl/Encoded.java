package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
  /** The event's JSON as UTF-8; never written to. */
  final byte[] envelope;
  // Never written to either: each socket writes them through a buffer of its own over the same bytes.
  private final AtomicReferenceArray<byte[]> frames = new AtomicReferenceArray<>(SHARED_FRAMES);

  Encoded(HubEvent event) {
    this.event = event;
    this.envelope = Frames.envelope(event);
  }

  /** The {@code event} frame of this event for {@code s}, for one socket to write (and release). */
  ByteBuf frame(Subscription s) {
    int n = s.number();
    if (n >= SHARED_FRAMES) {
      return Unpooled.wrappedBuffer(Frames.event(s.eventPrefix(), envelope, false));
    }
    byte[] frame = frames.get(n);
    if (frame == null) {
      // Two threads may both build it: equal bytes, and either may win.
      frame = Frames.event(s.eventPrefix(), envelope, false);
      frames.lazySet(n, frame);
    }
    // A buffer object per socket (its own indices and reference count), no copy of the bytes.
    return Unpooled.wrappedBuffer(frame);
  }

  /** The bytes this event takes for {@code s} while it waits: its frame, or its envelope in a batch. */
  int size(Subscription s) {
    return envelope.length + (s.batch() ? 1 : s.id().length() + 34);
  }
}
