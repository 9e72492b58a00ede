package dev.eventhub.sinks.websocket.impl;

import java.util.Arrays;

/**
 * The {@code event} frames (one event per frame) that one connection's subscriptions took since its last
 * write, in the order they took them, not yet handed to the socket: the outbox writes them as one buffer of
 * whole frames, one after the other, when the pass ends or before anything else it writes (issue 24 item 2).
 * One write per socket per pass instead of one per event; the bytes on the wire are the same frames in the
 * same order. In a loop's pass the connections whose runs are equal (the same events for the same
 * subscription numbers, as in a fan-out) share one buffer ({@link SharedBatches#run}).
 *
 * <p>One connection's thread only.
 */
final class EventRun {
  private final FrameWriter writer;
  private final LoopDispatch loop;
  private Subscription[] subscriptions = new Subscription[8];
  private Encoded[] events = new Encoded[8];
  private int count;
  private long bytes;

  /** @param loop the connection's loop, which shares equal runs during its passes; null: none */
  EventRun(FrameWriter writer, LoopDispatch loop) {
    this.writer = writer;
    this.loop = loop;
  }

  /** Adds the frame of {@code e} for {@code s} to the run. */
  void add(Subscription s, Encoded e) {
    if (count == events.length) {
      subscriptions = Arrays.copyOf(subscriptions, count * 2);
      events = Arrays.copyOf(events, count * 2);
    }
    subscriptions[count] = s;
    events[count++] = e;
    bytes += e.frameLength(s);
  }

  /**
   * Whether the run's frames reach what the socket takes before it is full: written then, the socket says itself
   * whether it is full, as if each frame had been written at once.
   */
  boolean wouldFill() {
    return count > 0 && bytes >= writer.bytesBeforeFull();
  }

  /** Writes the run's frames, unflushed, in one buffer; returns how many; the run is empty after. */
  int write() {
    int frames = count;
    if (frames > 0) {
      writer.writeWire(loop != null ? loop.runFrames(subscriptions, events, frames)
          : SharedBatches.buildRun(subscriptions, events, frames));
      clear();
    }
    return frames;
  }

  /** Empties the run; the events are released to the garbage collector. */
  void clear() {
    Arrays.fill(subscriptions, 0, count, null);
    Arrays.fill(events, 0, count, null);
    count = 0;
    bytes = 0;
  }
}
