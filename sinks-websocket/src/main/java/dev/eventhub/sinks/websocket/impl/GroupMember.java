package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.Context;
import java.util.List;

/**
 * One connection's subscription attached to a named consumer: a member of its group.
 *
 * <p>Two sides, two threads. The group's side ({@link #handed}, {@link #settled}, {@link #inFlight}, {@link
 * #lastHanded}) is touched only on the group's context. The connection's side (the {@link Subscription}, its
 * outbox) only on the connection's context: {@link #post} hops there with the events the group handed out.
 */
final class GroupMember {
  private final Subscription subscription;
  private final Context connectionContext;
  private final boolean autoAck;
  private final int maxInFlight;
  private final ConsumerGroups groups;
  private final String connectionId;
  // The group's side.
  private ConsumerGroup group;
  private int inFlight;
  private String lastHanded;
  private long handedTotal;
  // The connection's side: set when the subscription ends, after which nothing is written.
  private boolean left;
  // The connection's side: events handed out before the client was told it is subscribed wait here.
  private List<List<GroupSlot>> early = new java.util.ArrayList<>();

  GroupMember(Subscription subscription, Context connectionContext, boolean autoAck, int maxInFlight,
      ConsumerGroups groups, String connectionId) {
    this.subscription = subscription;
    this.connectionContext = connectionContext;
    this.autoAck = autoAck;
    this.maxInFlight = maxInFlight;
    this.groups = groups;
    this.connectionId = connectionId;
  }

  Subscription subscription() {
    return subscription;
  }

  boolean autoAck() {
    return autoAck;
  }

  String connectionId() {
    return connectionId;
  }

  // ---- the group's side, on the group's context

  void joined(ConsumerGroup group) {
    this.group = group;
  }

  ConsumerGroup group() {
    return group;
  }

  boolean hasRoom() {
    return inFlight < maxInFlight;
  }

  int inFlight() {
    return inFlight;
  }

  long handedTotal() {
    return handedTotal;
  }

  /** The cursor of the last event handed to this member, or {@code null}. */
  String lastHanded() {
    return lastHanded;
  }

  void handed(String cursor) {
    inFlight++;
    handedTotal++;
    if (lastHanded == null || cursor.compareTo(lastHanded) > 0) {
      lastHanded = cursor;
    }
  }

  void settled(int n) {
    inFlight = Math.max(0, inFlight - n);
  }

  /** Sends the slots' events to the client, on the connection's context; autoAck members report them written. */
  void post(List<GroupSlot> slots) {
    connectionContext.runOnContext(v -> write(slots));
  }

  // ---- the connection's side, on its context

  /** The {@code subscribed} reply is written: the events handed out meanwhile follow it. */
  void announced() {
    List<List<GroupSlot>> waiting = early;
    early = null;
    if (waiting != null) {
      waiting.forEach(this::write);
    }
  }

  private void write(List<GroupSlot> slots) {
    if (left || subscription.closed()) {
      return;
    }
    if (early != null) {
      early.add(slots);
      return;
    }
    for (GroupSlot slot : slots) {
      subscription.receive(slot.event);
    }
    Outbox outbox = subscription.outbox();
    outbox.endPass();
    if (autoAck) {
      outbox.whenWritable(() -> groups.written(this, slots));
    }
  }

  private Runnable onDeleted = () -> {};

  /** What to do when an operator deletes the consumer: end the subscription, telling the client. */
  void onDeleted(Runnable action) {
    this.onDeleted = action;
  }

  /** An operator deleted the consumer; any thread. */
  void deleted() {
    onDeleted.run();
  }

  /** The subscription ended: nothing more is written to it. On the connection's context. */
  void leave() {
    left = true;
  }
}
