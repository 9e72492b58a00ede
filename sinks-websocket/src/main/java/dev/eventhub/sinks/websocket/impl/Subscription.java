package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.stream.StreamFilter;
import dev.eventhub.kit.stream.LiveGate;
import dev.eventhub.kit.stream.Overflow;
import dev.eventhub.kit.stream.PendingEvents;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * One subscription of one connection. The identity fields are read by every thread; everything else
 * belongs to the connection's thread (the loop that delivers to it is that thread).
 *
 * <p>A subscription starts buffering (its {@link LiveGate} holds live events back) while the {@code
 * subscribed} reply and any replay are written, then {@link #goLive(String)} sends the held events that
 * the replay did not already cover, and later ones as they come.
 */
final class Subscription {
  private final String id;
  private final int number;
  private final StreamFilter filter;
  private final boolean batch;
  private final Outbox outbox;
  private final LiveGate<Encoded> gate;
  private final Overflow overflow;
  // Drop-oldest and latest-per-key: the live events waiting for the socket, which the outbox may drop.
  private final PendingEvents<Encoded> pending;
  // Issue 20: the named consumer this subscription is a member of, or null; the connection's thread.
  GroupMember member;
  // Whether the outbox lists this subscription among those with pending events or a gap to tell.
  boolean waiting;
  // Batch mode: the events of the {@code events} frame being filled, written when the pass ends.
  private Encoded[] batchEvents;
  private int batchCount;
  private int batchBytes;
  private byte[] eventPrefix;
  private byte[] batchPrefix;

  Subscription(int number, StreamFilter filter, boolean batch, Outbox outbox, long bufferLimit) {
    this(number, filter, batch, Overflow.CLOSE, outbox, bufferLimit);
  }

  Subscription(int number, StreamFilter filter, boolean batch, Overflow overflow, Outbox outbox, long bufferLimit) {
    this.id = "sub-" + number;
    this.overflow = overflow;
    this.pending = overflow == Overflow.CLOSE ? null
        : new PendingEvents<>(overflow, e -> e.event.cursor(), e -> e.event.key(), e -> e.size(this));
    this.number = number;
    this.filter = filter;
    this.batch = batch;
    this.outbox = outbox;
    this.gate = new LiveGate<>(bufferLimit, e -> e.event.cursor(), e -> e.size(this), e -> outbox.deliver(this, e));
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

  StreamFilter filter() {
    return filter;
  }

  boolean batch() {
    return batch;
  }

  Overflow overflow() {
    return overflow;
  }

  /** The events waiting for the socket under drop-oldest or latest-per-key; {@code null} under close. */
  PendingEvents<Encoded> pending() {
    return pending;
  }

  /** Writes a {@code gap} frame after the events already written (the {@code events} frame being filled goes first). */
  void writeGap(PendingEvents.Gap gap) {
    flushBatch();
    outbox.write(Frames.gap(id, gap), 0);
  }

  Outbox outbox() {
    return outbox;
  }

  boolean closed() {
    return gate.closed();
  }

  /** A live event that matched this subscription: held while buffering, sent once live. */
  void receive(Encoded e) {
    gate.receive(e);
  }

  /**
   * Whether held events were dropped since the last call, because more arrived than the buffer
   * holds: the replay must then read the log again past what it sent, as the dropped events are there.
   */
  boolean takeOverflow() {
    return gate.takeOverflow();
  }

  /**
   * Ends the buffering: sends the held events after {@code floor} and every later one as it comes.
   * The caller ends the outbox's pass.
   *
   * @param floor the cursor of the last replayed event, or the head when nothing was replayed
   */
  void goLive(String floor) {
    gate.goLive(floor);
  }

  /** Writes {@code e} to the socket now: as its {@code event} frame, or into the {@code events} frame being filled. */
  void writeNow(Encoded e) {
    if (!batch) {
      outbox.writeEvent(this, e);
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
    batchBytes += e.envelope.length + 1;
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
    gate.close();
    if (pending != null && outbox != null) {
      outbox.forget(this);
    }
    batchEvents = null;
    batchCount = 0;
  }

  /** The subscription as {@code GET /api/connections} lists it. */
  JsonObject describe() {
    JsonObject out = new JsonObject().put("id", id).put("categories", new JsonArray(filter.categories()))
        .put("events", new JsonArray(filter.events())).put("keys", new JsonArray(List.copyOf(filter.keys())))
        .put("batch", batch).put("overflow", overflow.value());
    if (!filter.attributes().isEmpty()) {
      out.put("attributes", new JsonObject(new LinkedHashMap<>(filter.attributes().pairs())));
    }
    return out;
  }
}
