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

  /** Ends the subscription. */
  Future<Void> close();
}
