package dev.eventhub.client.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.client.ClientSubscription;
import dev.eventhub.client.Gap;
import dev.eventhub.client.HubClient;
import dev.eventhub.client.HubClientOptions;
import dev.eventhub.client.SubscribeOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One WebSocket, reconnected as needed; all state is touched on the client's context only. */
public final class HubClientImpl implements HubClient {
  private static final Logger LOG = LoggerFactory.getLogger(HubClientImpl.class);

  private final Vertx vertx;
  private final HubClientOptions options;
  private final Context context;
  private final List<URI> bases;
  // The node in use; the next one after a failed or closed connection.
  private volatile int current;
  private final WebSocketClient wsClient;
  private final HttpClient httpClient;
  private final HttpPublisher http;
  private final Map<String, SubscriptionImpl> subscriptions = new HashMap<>();
  private final Map<String, SubscriptionImpl> byServerId = new HashMap<>();
  private final WsPublishes publishes = new WsPublishes();
  private final PendingAcks acks = new PendingAcks();
  private WebSocket ws;
  private Future<Void> connecting;
  private int failedAttempts;
  private long nextId;
  private boolean closed;

  public HubClientImpl(Vertx vertx, HubClientOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.context = vertx.getOrCreateContext();
    this.bases = options.urls().stream().map(URI::create).toList();
    this.wsClient = vertx.createWebSocketClient();
    this.httpClient = vertx.createHttpClient();
    this.http = new HttpPublisher(options, httpClient, this::base);
  }

  @Override
  public Future<ClientSubscription> subscribe(SubscribeOptions subscribeOptions, Handler<HubEvent> handler) {
    Promise<ClientSubscription> confirmed = Promise.promise();
    context.runOnContext(v -> {
      if (closed) {
        confirmed.fail(new IllegalStateException("the client is closed"));
        return;
      }
      SubscriptionImpl sub = new SubscriptionImpl(this, "c" + (++nextId), subscribeOptions, handler, confirmed);
      subscriptions.put(sub.clientId, sub);
      if (ws != null) {
        send(sub);
      } else {
        connect();
      }
    });
    return confirmed.future();
  }

  @Override
  public boolean connected() {
    return ws != null;
  }

  @Override
  public Future<Void> close() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      closed = true;
      publishes.connectionLost("the client is closed", true);
      acks.connectionLost("the client is closed");
      subscriptions.clear();
      byServerId.clear();
      Future<Void> closing = ws == null ? Future.succeededFuture() : ws.close((short) 1000, "client closed");
      ws = null;
      closing.eventually(() -> wsClient.close()).eventually(() -> httpClient.close()).onComplete(ar -> done.complete());
    });
    return done.future();
  }

  // ---- connection

  private void connect() {
    if (closed || ws != null || connecting != null) {
      return;
    }
    connecting = options.tokenSupplier().get().compose(token -> {
      WebSocketConnectOptions connect = new WebSocketConnectOptions().setHost(base().getHost()).setPort(Wire.port(base()))
          .setSsl(Wire.tls(base())).setURI(options.path());
      if (token != null) {
        connect.addHeader("Authorization", "Bearer " + token);
      }
      return wsClient.connect(connect);
    }).map(socket -> {
      connecting = null;
      if (closed) {
        socket.close();
        return null;
      }
      opened(socket);
      return null;
    });
    connecting.onFailure(e -> {
      connecting = null;
      // Publishing does not wait for a reconnect: those waiting for this connection fail now.
      publishes.connectionLost("could not connect to the hub: " + e.getMessage(), true);
      LOG.debug("connect to " + base() + " failed: " + e.getMessage());
      nextNode();
      scheduleReconnect();
    });
  }

  private void opened(WebSocket socket) {
    ws = socket;
    failedAttempts = 0;
    socket.textMessageHandler(this::onMessage);
    socket.closeHandler(v -> onClosed(socket));
    socket.exceptionHandler(e -> LOG.debug("connection error: " + e.getMessage()));
    byServerId.clear();
    new ArrayList<>(subscriptions.values()).forEach(this::send);
    publishes.sendUnsent(this::write);
  }

  private void onClosed(WebSocket socket) {
    if (ws != socket) {
      return;
    }
    ws = null;
    byServerId.clear();
    publishes.connectionLost("the connection closed (" + socket.closeStatusCode() + ") before the publish was answered",
        false);
    acks.connectionLost("the connection closed (" + socket.closeStatusCode() + ") before the ack was answered");
    if (!closed) {
      LOG.debug("connection closed (" + socket.closeStatusCode() + " " + socket.closeReason() + "); reconnecting");
      nextNode();
      scheduleReconnect();
    }
  }

  private void scheduleReconnect() {
    if (closed || (subscriptions.isEmpty() && !publishes.waiting())) {
      return;
    }
    long initial = Math.max(1, options.initialBackoff().toMillis());
    long ceiling = Math.max(initial, options.maxBackoff().toMillis());
    long backoff = Math.min(ceiling, initial << Math.min(failedAttempts, 20));
    failedAttempts++;
    // Full jitter on half the delay: many clients of a restarted hub do not all come back at once.
    long delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
    vertx.setTimer(Math.max(1, delay), t -> context.runOnContext(v -> connect()));
  }

  void send(SubscriptionImpl sub) {
    sub.requestId = sub.clientId + "-" + (++nextId);
    write(sub.options.toRequest(sub.requestId, sub.resumeCursor(), options.batch()));
  }

  void unsubscribe(SubscriptionImpl sub, Promise<Void> done) {
    context.runOnContext(v -> {
      subscriptions.remove(sub.clientId);
      if (sub.serverId != null) {
        byServerId.remove(sub.serverId);
        if (ws != null) {
          write(new JsonObject().put("type", "unsubscribe").put("id", "u" + (++nextId)).put("subscription", sub.serverId));
        }
      }
      done.complete();
    });
  }

  void ack(SubscriptionImpl sub, String cursor, Promise<String> answer) {
    context.runOnContext(v -> {
      if (ws == null || sub.serverId == null || !subscriptions.containsKey(sub.clientId)) {
        answer.fail(new HubException(ErrorCode.UNAVAILABLE, "the subscription is not attached to the hub now"));
        return;
      }
      String id = "a" + (++nextId);
      acks.add(id, answer);
      write(new JsonObject().put("type", "ack").put("id", id).put("subscription", sub.serverId).put("cursor", cursor));
    });
  }

  private void write(JsonObject frame) {
    if (ws != null) {
      ws.writeTextMessage(frame.encode());
    }
  }

  // ---- frames from the hub

  private void onMessage(String text) {
    JsonObject frame;
    try {
      frame = new JsonObject(text);
    } catch (RuntimeException e) {
      LOG.warn("ignoring a frame that is not JSON: " + text);
      return;
    }
    switch (frame.getString("type", "")) {
      case "subscribed" -> onSubscribed(frame);
      case "event" -> deliver(frame.getString("subscription"), frame);
      case "events" -> {
        JsonArray events = frame.getJsonArray("events", new JsonArray());
        for (int i = 0; i < events.size(); i++) {
          deliver(frame.getString("subscription"), events.getJsonObject(i));
        }
      }
      case "replay_complete" -> {
        SubscriptionImpl sub = byServerId.get(frame.getString("subscription"));
        if (sub != null && !frame.getBoolean("complete", true)) {
          sub.complete = false;
        }
      }
      case "gap" -> onGap(frame);
      case "error" -> onError(frame);
      case "published" -> publishes.published(frame);
      case "acked" -> acks.acked(frame);
      default -> { }
    }
  }

  private void onSubscribed(JsonObject frame) {
    SubscriptionImpl sub = byRequest(frame.getString("id"));
    if (sub == null) {
      return;
    }
    sub.serverId = frame.getString("subscription");
    byServerId.put(sub.serverId, sub);
    if (sub.headAtStart == null) {
      sub.headAtStart = frame.getString("cursor");
    }
    sub.confirmed.tryComplete(sub);
  }

  private void onGap(JsonObject frame) {
    SubscriptionImpl sub = byServerId.get(frame.getString("subscription"));
    if (sub == null) {
      return;
    }
    sub.complete = false;
    if (sub.options.gapHandler() != null) {
      try {
        sub.options.gapHandler().handle(new Gap(frame.getLong("dropped", 0L), frame.getString("from"),
            frame.getString("to")));
      } catch (RuntimeException e) {
        LOG.warn("gap handler threw: " + e);
      }
    }
  }

  private void deliver(String serverId, JsonObject json) {
    SubscriptionImpl sub = byServerId.get(serverId);
    if (sub == null) {
      return;
    }
    HubEvent event = HubEvent.fromJson(json);
    // Never twice: a resumed subscription starts after the last cursor, but a defensive check costs nothing.
    // Not for a named consumer: a member is handed a departed member's older events, and after a reconnect
    // the ones it had not acknowledged (at least once).
    boolean newest = sub.lastCursor == null || event.cursor().compareTo(sub.lastCursor) > 0;
    if (!newest && sub.options.consumer() == null) {
      return;
    }
    if (newest) {
      sub.lastCursor = event.cursor();
    }
    try {
      sub.handler.handle(event);
    } catch (RuntimeException e) {
      LOG.warn("subscription handler threw: " + e);
    }
  }

  private void onError(JsonObject frame) {
    SubscriptionImpl sub = byRequest(frame.getValue("id"));
    HubException error = new HubException(Wire.code(frame.getString("code")), frame.getString("message", "error"));
    if (publishes.failed(frame, error) || acks.failed(frame, error)) {
      return;
    }
    if (error.code() == ErrorCode.RATE_LIMITED && frame.getValue("id") == null) {
      // The hub dropped messages over its rate unread: a publish not answered yet may be one of them.
      publishes.unanswered(ErrorCode.RATE_LIMITED, "the hub dropped messages over its rate unread: the events may or "
          + "may not have been recorded", false);
    }
    if (sub != null && sub.confirmed.tryFail(error)) {
      subscriptions.remove(sub.clientId);
    } else {
      LOG.warn("hub error: " + frame.encode());
    }
  }

  private SubscriptionImpl byRequest(Object requestId) {
    for (SubscriptionImpl sub : subscriptions.values()) {
      if (sub.requestId != null && sub.requestId.equals(requestId)) {
        return sub;
      }
    }
    return null;
  }

  // ---- publishing

  @Override
  public Future<JsonObject> publish(EventDraft draft) {
    return http.publish(draft);
  }

  @Override
  public Future<List<JsonObject>> publishAll(List<EventDraft> drafts) {
    return http.publishAll(drafts);
  }

  @Override
  public Future<List<JsonObject>> publishOverWebSocket(List<EventDraft> drafts) {
    Promise<List<JsonObject>> answer = Promise.promise();
    List<EventDraft> copy = List.copyOf(drafts);
    context.runOnContext(v -> {
      if (closed) {
        answer.fail(new IllegalStateException("the client is closed"));
        return;
      }
      publishes.add("pub-" + (++nextId), copy, answer, ws == null ? null : this::write);
      if (ws == null) {
        connect();
      }
    });
    return answer.future();
  }

  private URI base() {
    return bases.get(current);
  }

  private void nextNode() {
    current = (current + 1) % bases.size();
  }

}
