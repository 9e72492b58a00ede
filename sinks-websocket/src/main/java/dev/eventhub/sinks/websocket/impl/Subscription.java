package dev.eventhub.sinks.websocket.impl;

import java.util.ArrayDeque;

/**
 * One subscription of one connection. The identity fields are read by the dispatcher on its thread;
 * everything else belongs to the connection's thread.
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
  private final ArrayDeque<Delivery> held = new ArrayDeque<>();
  private State state = State.BUFFERING;
  private long heldBytes;
  private boolean overflowed;
  private String floor;
  private Frames.Batch pending;

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

  /** The number in the id, {@code sub-<number>}: the dispatcher shares frames between equal numbers. */
  int number() {
    return number;
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

  /** Whether a live event for this subscription is written to the socket now (rather than held or dropped). */
  boolean writes() {
    return state == State.LIVE;
  }

  boolean closed() {
    return state == State.CLOSED;
  }

  /** A live event taken from the connection's queue. */
  void receive(Delivery d) {
    if (state == State.LIVE) {
      deliver(d);
    } else if (state == State.BUFFERING) {
      hold(d);
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
   *
   * @param floor the cursor of the last replayed event, or the head when nothing was replayed
   */
  void goLive(String floor) {
    state = State.LIVE;
    this.floor = floor;
    for (Delivery d : held) {
      deliver(d);
    }
    held.clear();
    heldBytes = 0;
    flushBatch();
  }

  /** Writes the {@code events} frame being filled, if any. */
  void flushBatch() {
    Frames.Batch b = pending;
    if (b != null) {
      pending = null;
      outbox.write(b.build(), b.count());
    }
  }

  void close() {
    state = State.CLOSED;
    held.clear();
    pending = null;
  }

  private void hold(Delivery d) {
    heldBytes += d.size();
    if (heldBytes > bufferLimit) {
      held.clear();
      heldBytes = 0;
      overflowed = true;
      return;
    }
    held.add(d);
  }

  private void deliver(Delivery d) {
    if (floor != null) {
      // Queued events may still include ones the replay sent; past the first newer one, none can.
      if (d.event().cursor().compareTo(floor) <= 0) {
        return;
      }
      floor = null;
    }
    if (!batch) {
      outbox.write(d.frame(), 1);
      return;
    }
    if (pending == null) {
      pending = new Frames.Batch(id);
      outbox.batching(this);
    }
    pending.add(d.envelope(), false);
    if (pending.full()) {
      flushBatch();
    }
  }
}
