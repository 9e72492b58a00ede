package dev.eventhub.sinks.websocket.impl;

/** An event of a named consumer handed to a member (or to be handed out again) and not yet committed. */
final class GroupSlot {
  final Encoded event;
  // The member holding it; null while it waits to be handed out again. On the group's context.
  GroupMember member;
  boolean acked;

  GroupSlot(Encoded event) {
    this.event = event;
  }

  String cursor() {
    return event.event.cursor();
  }
}
