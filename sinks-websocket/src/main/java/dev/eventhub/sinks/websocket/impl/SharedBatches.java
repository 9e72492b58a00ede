package dev.eventhub.sinks.websocket.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The {@code event} and {@code events} frames of one event loop's pass, built once and shared: in a
 * pass, the subscriptions with the same number ({@code sub-1} on most connections) that take the same
 * events get byte-identical frames, so the first one builds them and the others write the same bytes: an
 * {@code events} frame ({@code batch: true}), or a connection's run of {@code event} frames ({@link EventRun}).
 * A frame is built, with its WebSocket header ({@link WireFrames}), straight into a direct buffer, which Netty
 * writes to the socket as it is: no copy per connection, no encoding per connection, none into a direct buffer
 * at the write either.
 *
 * <p>One loop's thread only. Keeps the last frame (or run) of each kind per number until {@link #clear()}, which
 * the loop calls at the end of each pass.
 */
final class SharedBatches {
  private static final int SHARED_NUMBERS = 16;
  private static final byte[] END = "]}".getBytes(StandardCharsets.UTF_8);

  private final Cached[] cached = new Cached[SHARED_NUMBERS];
  // The last run of event frames built, per number of its first subscription, and its buffer.
  private final CachedRun[] runs = new CachedRun[SHARED_NUMBERS];

  /**
   * The {@code event} frames of {@code events[i]} for {@code subscriptions[i]}, {@code i} in {@code [0, count)}, one
   * after the other in one buffer; the caller gets a reference of its own, to hand to the socket (which releases
   * it once written). Connections that took the same events for the same subscription numbers in a pass (a
   * fan-out: every socket of the loop) share the buffer.
   */
  ByteBuf run(Subscription[] subscriptions, Encoded[] events, int count) {
    int n = subscriptions[0].number();
    if (n >= SHARED_NUMBERS) {
      return buildRun(subscriptions, events, count);
    }
    CachedRun c = runs[n];
    if (c != null && c.holds(subscriptions, events, count)) {
      return c.frames.retainedDuplicate();
    }
    if (c != null) {
      c.frames.release();
    }
    c = new CachedRun(subscriptions, events, count, buildRun(subscriptions, events, count));
    runs[n] = c;
    return c.frames.retainedDuplicate();
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
      if (runs[i] != null) {
        runs[i].frames.release();
        runs[i] = null;
      }
    }
  }

  /** The run of {@code event} frames of {@link #run}, in a direct buffer of the exact size, for one socket. */
  static ByteBuf buildRun(Subscription[] subscriptions, Encoded[] events, int count) {
    int size = 0;
    for (int i = 0; i < count; i++) {
      size += events[i].frameLength(subscriptions[i]);
    }
    ByteBuf frames = ByteBufAllocator.DEFAULT.directBuffer(size, size);
    for (int i = 0; i < count; i++) {
      events[i].writeFrame(frames, subscriptions[i]);
    }
    return frames;
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

  private static final class CachedRun {
    final int[] numbers;
    final Encoded[] events;
    final ByteBuf frames;

    CachedRun(Subscription[] subscriptions, Encoded[] events, int count, ByteBuf frames) {
      this.numbers = new int[count];
      for (int i = 0; i < count; i++) {
        numbers[i] = subscriptions[i].number();
      }
      this.events = Arrays.copyOf(events, count);
      this.frames = frames;
    }

    // Frames are equal when the events are the same (by identity) for the same subscription numbers (the prefix).
    boolean holds(Subscription[] otherSubscriptions, Encoded[] other, int count) {
      if (count != events.length) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        if (events[i] != other[i] || numbers[i] != otherSubscriptions[i].number()) {
          return false;
        }
      }
      return true;
    }
  }
}
