package dev.eventhub.client;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.client.impl.HubClientImpl;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * A connection to an event hub: subscriptions over one WebSocket, publishing over HTTP or over that
 * WebSocket.
 *
 * <p>The client connects on the first {@link #subscribe}; if the connection drops (the hub restarts,
 * the network fails, the hub closes a slow consumer), it reconnects with exponential backoff and
 * jitter and resubscribes each subscription from the cursor of the last event it delivered (or, before
 * any, from the log head it was given when it first subscribed): no event is lost, none is delivered
 * twice. Handlers run on the client's Vert.x context, one event at a time, in log order per
 * subscription. All methods are non-blocking.
 */
public interface HubClient {
  /** A client on {@code vertx}; nothing connects until the first subscription. */
  static HubClient create(Vertx vertx, HubClientOptions options) {
    return new HubClientImpl(vertx, options);
  }

  /**
   * Subscribes. The future completes once the hub confirmed the subscription (replayed events, if any,
   * follow), or fails with the hub's error (a forbidden category, a bad request).
   */
  Future<ClientSubscription> subscribe(SubscribeOptions options, Handler<HubEvent> handler);

  /** Publishes one event; completes with {@code {"id","cursor"}} once it is durable in the hub. */
  Future<JsonObject> publish(EventDraft draft);

  /** Publishes events atomically; completes with their ids and cursors in order. */
  Future<List<JsonObject>> publishAll(List<EventDraft> drafts);

  /**
   * Publishes events over the client's WebSocket (the hub's {@code publish} frame, docs/protocol.md),
   * connecting if needed: the same checks, limits and idempotency as {@link #publishAll}, without an HTTP
   * request per call. Completes with the events' ids and cursors in order once they are durable; fails
   * with the hub's {@link dev.eventhub.api.HubException} (forbidden, too large, over the connection's
   * {@code maxPublishesInFlight}...), or with {@code unavailable} when the connection closes before the
   * answer: the events may or may not have been recorded, so give them ids and send them again to be sure
   * of once. Many may be under way at once.
   */
  Future<List<JsonObject>> publishOverWebSocket(List<EventDraft> drafts);

  /** Whether the WebSocket is open now. */
  boolean connected();

  /** Closes the connection and ends every subscription. */
  Future<Void> close();
}
