package dev.eventhub.sinks.websocket.impl;

import java.util.ArrayDeque;

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
  private Frames.Batch pending;
  private int lastBatchBytes;
  private byte[] eventPrefix;

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
    if (pending == null) {
      pending = new Frames.Batch(id, lastBatchBytes);
      outbox.batching(this);
    }
    pending.add(e.envelope, false);
    if (pending.full()) {
      flushBatch();
    }
  }

  /** Writes the {@code events} frame being filled, if any. */
  void flushBatch() {
    Frames.Batch b = pending;
    if (b != null) {
      pending = null;
      lastBatchBytes = b.length();
      outbox.write(b.build(), b.count());
    }
  }

  void close() {
    state = State.CLOSED;
    held = null;
    pending = null;
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
