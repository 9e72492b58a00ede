package dev.eventhub.sinks.websocket.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code event} and {@code events} frames of one event loop's pass, built once and shared: in a
 * pass, the subscriptions with the same number ({@code sub-1} on most connections) that take the same
 * event (or the same events) get byte-identical frames, so the first one builds it and the others write
 * the same bytes. A frame is built, with its WebSocket header ({@link WireFrames}), straight into a
 * direct buffer, which Netty writes to the socket as it is: no copy per connection, no encoding per
 * connection, none into a direct buffer at the write either.
 *
 * <p>One loop's thread only. Keeps the last frame of each kind per number until {@link #clear()}, which
 * the loop calls at the end of each pass.
 */
final class SharedBatches {
  private static final int SHARED_NUMBERS = 16;
  private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

  private final Cached[] cached = new Cached[SHARED_NUMBERS];
  // The last event whose event frame was built, per number, and that frame.
  private final Encoded[] eventOf = new Encoded[SHARED_NUMBERS];
  private final ByteBuf[] eventFrame = new ByteBuf[SHARED_NUMBERS];

  /**
   * The {@code event} frame of {@code s} for {@code e}; the caller gets a reference of its own, to hand to
   * the socket (which releases it once written). A pass offers each event to every subscription before the
   * next event, so one frame per number suffices.
   */
  ByteBuf event(Subscription s, Encoded e) {
    int n = s.number();
    if (n >= SHARED_NUMBERS) {
      return e.wire(s);
    }
    if (eventOf[n] != e) {
      if (eventFrame[n] != null) {
        eventFrame[n].release();
      }
      eventOf[n] = e;
      eventFrame[n] = e.wire(s);
    }
    return eventFrame[n].retainedDuplicate();
  }

  /**
   * The frame of {@code s} for {@code events[0..count)}; the caller gets a reference of its own, to
   * hand to the socket (which releases it once written).
   */
  ByteBuf frame(Subscription s, Encoded[] events, int count) {
    int n = s.number();
    if (n >= SHARED_NUMBERS) {
      return build(s, events, count);
    }
    Cached c = cached[n];
    if (c != null && c.holds(events, count)) {
      return c.frame.retainedDuplicate();
    }
    if (c != null) {
      c.frame.release();
    }
    c = new Cached(events, count, build(s, events, count));
    cached[n] = c;
    return c.frame.retainedDuplicate();
  }

  /** Releases the frames kept: the pass is over, and later passes carry other events. */
  void clear() {
    for (int i = 0; i < cached.length; i++) {
      if (cached[i] != null) {
        cached[i].frame.release();
        cached[i] = null;
      }
      if (eventFrame[i] != null) {
        eventFrame[i].release();
        eventFrame[i] = null;
        eventOf[i] = null;
      }
    }
  }

  /**
   * {@code {"type":"events","subscription":"<id>","events":[...]}}, header included ({@link WireFrames}), in a
   * direct buffer of the exact size.
   */
  static ByteBuf build(Subscription s, Encoded[] events, int count) {
    byte[] start = s.batchPrefix();
    int payload = start.length + END.length + Math.max(0, count - 1);
    for (int i = 0; i < count; i++) {
      payload += events[i].envelope.length;
    }
    int size = WireFrames.headerLength(payload) + payload;
    ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(size, size);
    WireFrames.writeHeader(frame, payload);
    frame.writeBytes(start);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        frame.writeByte(',');
      }
      frame.writeBytes(events[i].envelope);
    }
    return frame.writeBytes(END);
  }

  private static final class Cached {
    final Encoded[] events;
    final ByteBuf frame;

    Cached(Encoded[] events, int count, ByteBuf frame) {
      this.events = Arrays.copyOf(events, count);
      this.frame = frame;
    }

    // Events are compared by identity: each live event has one Encoded, shared by every subscription.
    boolean holds(Encoded[] other, int count) {
      if (count != events.length) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        if (events[i] != other[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
