package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;

/**
 * A connection's side of named consumers (issue 20): a {@code subscribe} with {@code consumer} attaches the
 * subscription to the consumer's group as a member, {@code ack} commits, and the subscription's end detaches
 * it. Kept apart from {@link Connection}, which only routes the frames here. On the connection's thread.
 */
final class ConsumerFrames {
  private ConsumerFrames() {}

  /** Attaches {@code sub} (already listed by the connection, not in its loop's index) to the named consumer. */
  static void attach(Connection connection, Subscription sub, Subscribe request) {
    Services services = connection.services();
    ConsumerGroups groups = services.consumers();
    if (groups == null) {
      connection.failed(sub, request, new RequestError(request.id(), ErrorCode.UNAVAILABLE,
          "named consumers are not available on a"
          + " cluster node: subscribe without 'consumer', or to a single hub (docs/websocket.md#named-consumers)"));
      return;
    }
    GroupMember member = new GroupMember(sub, connection.context(), request.autoAck(),
        services.options().consumers().maxInFlight(), groups, connection.id());
    sub.member = member;
    member.onDeleted(() -> connection.context().runOnContext(v -> connection.endSubscription(sub, ErrorCode.NOT_FOUND,
        "consumer '" + request.consumer() + "' was deleted by an operator: subscription " + sub.id() + " ended")));
    services.stats().subscribed();
    // Nothing is held back: the group hands this member only what it should get.
    sub.goLive(null);
    groups.attach(member, connection.principal().subject(), request)
        .onComplete(ar -> connection.context().runOnContext(v -> {
          if (sub.closed()) {
            // Gone while attaching: the group may have counted it in; take it out again.
            groups.detach(member);
          } else if (ar.failed()) {
            connection.failed(sub, request, ar.cause());
          } else {
            connection.send(Frames.consumerSubscribed(request.id(), sub.id(), request.categories(),
                ar.result().cursor(), request.consumer(), request.autoAck()));
            member.announced();
          }
        }));
  }

  /** {@code ack}: answered by {@code acked} with the committed cursor, or an error naming why not. */
  static void ack(Connection connection, Request.Ack request) {
    Subscription sub = connection.subscription(request.subscription());
    if (sub == null) {
      throw new RequestError(request.id(), ErrorCode.UNKNOWN_SUBSCRIPTION,
          "this connection has no subscription '" + request.subscription() + "'");
    }
    GroupMember member = sub.member;
    if (member == null) {
      throw RequestError.badRequest(request.id(), "subscription '" + sub.id() + "' is not a named consumer: only"
          + " a consumer's events are acknowledged");
    }
    if (member.autoAck()) {
      throw RequestError.badRequest(request.id(), "subscription '" + sub.id() + "' is autoAck: its events are"
          + " committed as they are sent, there is nothing to acknowledge");
    }
    connection.services().consumers().ack(member, request.id(), request.cursor())
        .onComplete(ar -> connection.context().runOnContext(v -> {
          if (ar.succeeded()) {
            connection.send(Frames.acked(request.id(), sub.id(), ar.result()));
          } else if (ar.cause() instanceof RequestError e) {
            connection.send(Frames.error(e.id(), e.code(), e.getMessage()));
          } else {
            connection.send(Frames.error(request.id(), ErrorCode.INTERNAL, "the ack failed: "
                + ar.cause().getMessage()));
          }
        }));
  }

  /** The subscription ends: its member leaves the group, which hands its unacknowledged events to the others. */
  static void leave(Connection connection, Subscription sub) {
    sub.member.leave();
    connection.services().consumers().detach(sub.member);
  }
}
