package dev.eventhub.client.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.client.ClientSubscription;
import dev.eventhub.client.SubscribeOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

/** A subscription's client-side state; fields are touched on the client's context only. */
final class SubscriptionImpl implements ClientSubscription {
  final HubClientImpl client;
  final String clientId;
  final SubscribeOptions options;
  final Handler<HubEvent> handler;
  final Promise<ClientSubscription> confirmed;
  volatile String lastCursor;
  volatile boolean complete = true;
  String headAtStart;
  String requestId;
  String serverId;

  SubscriptionImpl(HubClientImpl client, String clientId, SubscribeOptions options, Handler<HubEvent> handler,
      Promise<ClientSubscription> confirmed) {
    this.client = client;
    this.clientId = clientId;
    this.options = options;
    this.handler = handler;
    this.confirmed = confirmed;
  }

  /**
   * Where a resubscription starts: after the last event delivered; before any, after the head the
   * hub gave the first subscription (unless it asked for a replay, which is then asked for again); for a
   * named consumer, none.
   */
  String resumeCursor() {
    if (options.consumer() != null) {
      // The hub resumes a named consumer after its committed cursor, and hands out again what was unacknowledged.
      return null;
    }
    if (lastCursor != null) {
      return lastCursor;
    }
    return options.replays() ? null : headAtStart;
  }

  @Override
  public String lastCursor() {
    return lastCursor;
  }

  @Override
  public boolean complete() {
    return complete;
  }

  @Override
  public Future<String> ack(String cursor) {
    Promise<String> answer = Promise.promise();
    client.ack(this, cursor, answer);
    return answer.future();
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    client.unsubscribe(this, done);
    return done.future();
  }
}
