package dev.eventhub.client;

import io.vertx.core.Future;

/** A subscription of a {@link HubClient}; it survives reconnects. */
public interface ClientSubscription {
  /** The cursor of the last event delivered to the handler, or null before the first. */
  String lastCursor();

  /**
   * False once the hub said the subscription may have missed events (a replay from a cursor older
   * than retention, or unknown to the hub); stays false.
   */
  boolean complete();

  /**
   * Commits a {@link SubscribeOptions#setConsumer named consumer}'s events delivered to this subscription up
   * to {@code cursor} (an event's {@link dev.eventhub.api.HubEvent#cursor()}); completes with the consumer's
   * committed cursor, which stays behind {@code cursor} while earlier events handed to other members are
   * unacknowledged. Fails with the hub's {@link dev.eventhub.api.HubException}: {@code conflict} for a cursor
   * before the committed one or past the last event delivered here, {@code bad_request} for a subscription
   * of no named consumer or an {@code autoAck} one; {@code unavailable} when the connection closes first
   * (after a reconnect the hub hands the unacknowledged events out again).
   */
  Future<String> ack(String cursor);

  /** Ends the subscription. */
  Future<Void> close();
}
