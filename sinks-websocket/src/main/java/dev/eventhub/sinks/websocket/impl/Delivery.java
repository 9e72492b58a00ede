package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.core.buffer.Buffer;

/**
 * One live event for one subscription, on its way to the connection.
 *
 * @param envelope the event's shared JSON bytes
 * @param frame the finished {@code event} frame, shared by every subscription with the same id; {@code
 *     null} for batch subscriptions, which pack envelopes
 */
record Delivery(Subscription subscription, HubEvent event, Buffer envelope, Buffer frame) {
  /** The bytes this delivery holds in a queue. */
  int size() {
    return frame != null ? frame.length() : envelope.length();
  }
}
