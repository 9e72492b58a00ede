package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import dev.eventhub.sinks.websocket.impl.Request.Ping;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import dev.eventhub.sinks.websocket.impl.Request.Unsubscribe;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrameType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client's WebSocket: its requests, its subscriptions, its heartbeat and its closing. Everything
 * here runs on the socket's own context, except what {@link Outbox} takes from the dispatcher.
 */
final class Connection implements Socket.Listener {
  private static final Logger LOG = Logger.getLogger(Connection.class.getName());
  private static final Buffer PING = Buffer.buffer("hub");

  private final Socket ws;
  private final Context context;
  private final HubPrincipal principal;
  private final Services services;
  private final WebSocketSinkOptions options;
  private final Outbox outbox;
  private final LoopDispatch loop;
  private final RateLimiter rateLimiter;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Promise<Void> closed = Promise.promise();
  private int lastSubscription;
  private long heartbeatTimer = -1;
  private long expiryTimer = -1;
  private int unansweredPings;
  private Buffer partial;
  private boolean partialBinary;
  private boolean inputPaused;
  private boolean closing;
  private boolean released;

  Connection(Socket ws, Context context, HubPrincipal principal, Services services) {
    this.ws = ws;
    this.context = context;
    this.principal = principal;
    this.services = services;
    this.options = services.options();
    this.loop = services.loop(context);
    this.outbox = new Outbox(ws.writer(), context, loop, options.maxQueuedBytes(), services.stats(), this::slowConsumer);
    this.rateLimiter = new RateLimiter(options.maxMessagesPerSecond());
  }

  /** Installs the handlers and timers; call on the socket's context. */
  void start() {
    services.stats().connectionOpened();
    if (ws.isClosed()) {
      onClosed();
      return;
    }
    ws.listen(this);
    long interval = options.heartbeatInterval().toMillis();
    heartbeatTimer = context.owner().setPeriodic(interval, interval, id -> heartbeat());
    if (principal.expiresAt() != null) {
      long delay = Math.max(1, principal.expiresAt().toEpochMilli() - Instant.now().toEpochMilli());
      expiryTimer = context.owner().setTimer(delay, id -> close(CloseCodes.TOKEN_EXPIRED, "token expired"));
    }
  }

  /** Closes with 1001 for a shutdown; completes once the socket has closed. Any thread. */
  Future<Void> shutdown() {
    context.runOnContext(v -> close(CloseCodes.GOING_AWAY, "hub shutting down"));
    return closed.future();
  }

  @Override
  public void onPong() {
    unansweredPings = 0;
  }

  @Override
  public void onFrame(WebSocketFrameType type, Buffer data, boolean fin) {
    if (closing || (type != WebSocketFrameType.TEXT && type != WebSocketFrameType.BINARY
        && type != WebSocketFrameType.CONTINUATION)) {
      return;
    }
    if (type != WebSocketFrameType.CONTINUATION) {
      partial = null;
      partialBinary = type == WebSocketFrameType.BINARY;
    }
    long size = (partial == null ? 0 : partial.length()) + (long) data.length();
    if (size > options.maxFrameSize()) {
      close(CloseCodes.TOO_BIG, "message larger than " + options.maxFrameSize() + " bytes");
      return;
    }
    if (!fin) {
      partial = (partial == null ? Buffer.buffer() : partial).appendBuffer(data);
      return;
    }
    Buffer message = partial == null ? data : partial.appendBuffer(data);
    partial = null;
    onMessage(message);
  }

  private void onMessage(Buffer message) {
    try {
      if (!rateLimiter.tryAcquire()) {
        services.stats().rateLimited();
        throw new RequestError(RequestParser.idOf(message.toString(StandardCharsets.UTF_8)), ErrorCode.RATE_LIMITED,
            "more than " + options.maxMessagesPerSecond() + " messages per second");
      }
      if (partialBinary) {
        throw RequestError.badRequest(null, "binary frames are not supported: send JSON text frames");
      }
      Request request = RequestParser.parse(message.toString(StandardCharsets.UTF_8));
      if (request instanceof Subscribe s) {
        subscribe(s);
      } else if (request instanceof Unsubscribe u) {
        unsubscribe(u);
      } else if (request instanceof Ping p) {
        send(Frames.pong(p.id()));
      }
    } catch (RequestError e) {
      send(Frames.error(e.id(), e.code(), e.getMessage()));
    }
  }

  private void subscribe(Subscribe request) {
    if (subscriptions.size() >= options.maxSubscriptionsPerConnection()) {
      throw new RequestError(request.id(), ErrorCode.TOO_MANY_SUBSCRIPTIONS, "this connection already holds "
          + subscriptions.size() + " subscriptions, the most allowed");
    }
    for (String category : request.categories()) {
      if (!principal.canSubscribe(category)) {
        throw new RequestError(request.id(), ErrorCode.FORBIDDEN, "token does not allow subscribe:" + category);
      }
    }
    SubscriptionFilter filter = new SubscriptionFilter(request.categories(), request.events(), request.keys());
    Subscription sub = new Subscription(++lastSubscription, filter, request.batch(), outbox, options.maxQueuedBytes());
    subscriptions.put(sub.id(), sub);
    // Into the index before the head is read: every event after the head reaches the subscription.
    loop.add(sub);
    services.stats().subscribed();
    services.history().head().onComplete(head -> started(sub, request, head));
  }

  private void started(Subscription sub, Subscribe request, AsyncResult<String> head) {
    if (sub.closed()) {
      return;
    }
    if (head.failed()) {
      failed(sub, request, head.cause());
      return;
    }
    send(Frames.subscribed(request.id(), sub.id(), request.categories(), head.result()));
    if (request.replays()) {
      EventHistory history = services.history();
      new ReplaySeam(sub, request, head.result(), history, outbox, e -> failed(sub, request, e)).start();
    } else {
      // Events recorded before the head but delivered on the bus after the subscription entered the
      // index are older than the subscription: live means after the head that subscribed announced.
      sub.goLive(head.result());
      outbox.endPass();
    }
  }

  private void failed(Subscription sub, Subscribe request, Throwable cause) {
    LOG.log(Level.WARNING, "subscription " + sub.id() + " failed", cause);
    if (subscriptions.remove(sub.id()) != null) {
      drop(sub);
      send(Frames.error(request.id(), ErrorCode.INTERNAL, "the subscription failed: " + cause.getMessage()));
    }
  }

  private void unsubscribe(Unsubscribe request) {
    Subscription sub = subscriptions.remove(request.subscription());
    if (sub == null) {
      throw new RequestError(request.id(), ErrorCode.UNKNOWN_SUBSCRIPTION,
          "this connection has no subscription '" + request.subscription() + "'");
    }
    drop(sub);
    send(Frames.unsubscribed(request.id(), sub.id()));
  }

  private void drop(Subscription sub) {
    loop.remove(sub);
    sub.close();
    services.stats().unsubscribed();
  }

  private void send(Buffer reply) {
    outbox.send(reply);
    if (!inputPaused && outbox.full()) {
      // A client that does not read its replies may not send more: stop reading until it catches up.
      inputPaused = true;
      ws.pause();
      outbox.whenWritable(() -> {
        inputPaused = false;
        ws.resume();
      });
    }
  }

  private void heartbeat() {
    if (unansweredPings >= 2) {
      close(CloseCodes.GOING_AWAY, "heartbeat timeout");
      return;
    }
    unansweredPings++;
    ws.ping(PING);
  }

  private void slowConsumer() {
    if (!closing) {
      services.stats().slowConsumerClosed();
      close(CloseCodes.SLOW_CONSUMER, "slow consumer");
    }
  }

  private void close(short code, String reason) {
    if (closing) {
      return;
    }
    closing = true;
    release();
    ws.close(code, reason);
  }

  @Override
  public void onClosed() {
    closing = true;
    release();
    services.connections().remove(this);
    services.stats().connectionClosed();
    closed.tryComplete();
  }

  // Stops every delivery and timer of the connection; the socket may still be closing.
  private void release() {
    if (released) {
      return;
    }
    released = true;
    context.owner().cancelTimer(heartbeatTimer);
    context.owner().cancelTimer(expiryTimer);
    outbox.stop();
    for (Subscription sub : new ArrayList<>(subscriptions.values())) {
      drop(sub);
    }
    subscriptions.clear();
  }
}
