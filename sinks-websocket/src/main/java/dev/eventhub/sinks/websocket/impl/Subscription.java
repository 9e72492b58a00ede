package dev.eventhub.sinks.websocket.impl;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One subscription of one connection. The identity fields are read by every thread; everything else
 * belongs to the connection's thread (the loop that delivers to it is that thread).
 *
 * <p>A subscription starts {@code BUFFERING}: live events are held back while the {@code subscribed}
 * reply and any replay are written, then {@link #goLive(String)} sends the held events that the
 * replay did not already cover, and later ones as they come.
 */
final class Subscription {
  private enum State { BUFFERING, LIVE, CLOSED }

  private final String id;
  private final int number;
  private final SubscriptionFilter filter;
  private final boolean batch;
  private final Outbox outbox;
  private final long bufferLimit;
  private ArrayDeque<Encoded> held;
  private State state = State.BUFFERING;
  private long heldBytes;
  private boolean overflowed;
  private String floor;
  // Batch mode: the events of the {@code events} frame being filled, written when the pass ends.
  private Encoded[] batchEvents;
  private int batchCount;
  private int batchBytes;
  private byte[] eventPrefix;
  private byte[] batchPrefix;

  Subscription(int number, SubscriptionFilter filter, boolean batch, Outbox outbox, long bufferLimit) {
    this.id = "sub-" + number;
    this.number = number;
    this.filter = filter;
    this.batch = batch;
    this.outbox = outbox;
    this.bufferLimit = bufferLimit;
  }

  String id() {
    return id;
  }

  /** The number in the id, {@code sub-<number>}: connections share frames between equal numbers. */
  int number() {
    return number;
  }

  /** The start of this subscription's {@code event} frames, built once. */
  byte[] eventPrefix() {
    byte[] prefix = eventPrefix;
    if (prefix == null) {
      prefix = Frames.eventPrefix(id);
      eventPrefix = prefix;
    }
    return prefix;
  }

  /** The start of this subscription's {@code events} frames, built once. */
  byte[] batchPrefix() {
    byte[] prefix = batchPrefix;
    if (prefix == null) {
      prefix = Frames.batchPrefix(id);
      batchPrefix = prefix;
    }
    return prefix;
  }

  SubscriptionFilter filter() {
    return filter;
  }

  boolean batch() {
    return batch;
  }

  Outbox outbox() {
    return outbox;
  }

  boolean closed() {
    return state == State.CLOSED;
  }

  /** A live event that matched this subscription. */
  void receive(Encoded e) {
    if (state == State.LIVE) {
      deliver(e);
    } else if (state == State.BUFFERING) {
      hold(e);
    }
  }

  /**
   * Whether held events were dropped since the last call, because more arrived than the buffer
   * holds: the replay must then read the log again past what it sent, as the dropped events are there.
   */
  boolean takeOverflow() {
    boolean was = overflowed;
    overflowed = false;
    return was;
  }

  /**
   * Ends the buffering: sends the held events after {@code floor} and every later one as it comes.
   * The caller ends the outbox's pass.
   *
   * @param floor the cursor of the last replayed event, or the head when nothing was replayed
   */
  void goLive(String floor) {
    state = State.LIVE;
    this.floor = floor;
    if (held != null) {
      for (Encoded e : held) {
        deliver(e);
      }
      held = null;
    }
    heldBytes = 0;
  }

  /** Writes {@code e} to the socket now: as its {@code event} frame, or into the {@code events} frame being filled. */
  void writeNow(Encoded e) {
    if (!batch) {
      outbox.write(e.frame(this), 1);
      return;
    }
    if (batchCount == 0) {
      if (batchEvents == null) {
        batchEvents = new Encoded[16];
      }
      outbox.batching(this);
    } else if (batchCount == batchEvents.length) {
      batchEvents = Arrays.copyOf(batchEvents, batchCount * 2);
    }
    batchEvents[batchCount++] = e;
    batchBytes += e.envelope.length() + 1;
    if (batchBytes >= Frames.BATCH_TARGET_BYTES) {
      flushBatch();
    }
  }

  /** Writes the {@code events} frame being filled, if any. */
  void flushBatch() {
    int count = batchCount;
    if (count > 0) {
      batchCount = 0;
      batchBytes = 0;
      outbox.writeBatch(this, batchEvents, count);
      // The events are written: the array must not keep them alive.
      Arrays.fill(batchEvents, 0, count, null);
    }
  }

  void close() {
    state = State.CLOSED;
    held = null;
    batchEvents = null;
    batchCount = 0;
  }

  private void hold(Encoded e) {
    heldBytes += e.size(this);
    if (heldBytes > bufferLimit) {
      held = null;
      heldBytes = 0;
      overflowed = true;
      return;
    }
    if (held == null) {
      held = new ArrayDeque<>();
    }
    held.add(e);
  }

  private void deliver(Encoded e) {
    if (floor != null) {
      // Queued events may still include ones the replay sent; past the first newer one, none can.
      if (e.event.cursor().compareTo(floor) <= 0) {
        return;
      }
      floor = null;
    }
    outbox.deliver(this, e);
  }
}
