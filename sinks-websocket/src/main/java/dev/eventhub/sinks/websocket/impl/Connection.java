package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.stream.StreamFilter;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.GrantedHistory;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.sinks.websocket.WebSocketSinkOptions;
import dev.eventhub.sinks.websocket.impl.Request.Ping;
import dev.eventhub.sinks.websocket.impl.Request.Publish;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import dev.eventhub.sinks.websocket.impl.Request.Unsubscribe;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: its requests, its subscriptions, its heartbeat and its closing. Everything
 * here runs on the socket's own context, except what {@link Outbox} takes from the dispatcher.
 */
final class Connection extends HeartbeatWheel.Member implements Socket.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
  private static final Buffer PING = Buffer.buffer("hub");

  private final Socket ws;
  private final String id;
  private final Instant since = Instant.now();
  private final Context context;
  private final HubPrincipal principal;
  private final Services services;
  private final WebSocketSinkOptions options;
  private final Outbox outbox;
  private final LoopDispatch loop;
  private final RateLimiter rateLimiter;
  private final Publisher publisher;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();
  private final Promise<Void> closed = Promise.promise();
  private int lastSubscription;
  private long expiryTimer = -1;
  private int unansweredPings;
  // Entries of categories, events and keys over the subscriptions: bounded by maxPatternsPerConnection.
  private int patterns;
  // A run of messages over the rate is being dropped: the client has had its one notice for it.
  private boolean dropping;
  private final MessageAssembler messages;
  private boolean inputPaused;
  private boolean closing;
  private boolean released;

  Connection(Socket ws, Context context, HubPrincipal principal, Services services) {
    this.ws = ws;
    this.id = services.connections().nextId();
    this.context = context;
    this.principal = principal;
    this.services = services;
    this.options = services.options();
    this.loop = services.loop(context);
    this.outbox = new Outbox(ws.writer(), context, loop, options.maxQueuedBytes(), services.stats(), this::slowConsumer);
    this.rateLimiter = new RateLimiter(options.maxMessagesPerSecond());
    this.messages = new MessageAssembler(options.maxFrameSize());
    this.publisher = new Publisher(services.publisher(), principal, options.maxPublishesInFlight(), context, this::send);
  }

  /** Installs the handlers and timers; call on the socket's context. */
  void start() {
    services.stats().connectionOpened();
    if (ws.isClosed()) {
      onClosed();
      return;
    }
    ws.listen(this);
    services.connections().heartbeats(options.heartbeatInterval().toMillis()).add(this, context);
    armExpiry();
  }

  // The token's expiry timer exists only within two heartbeat intervals of the expiry (the wheel visits the connection
  // once per interval, and arms it then): a connection costs no timer of its own for most of its life.
  private void armExpiry() {
    if (expiryTimer != -1 || principal.expiresAt() == null) {
      return;
    }
    long left = principal.expiresAt().toEpochMilli() - System.currentTimeMillis();
    if (left <= 2 * options.heartbeatInterval().toMillis()) {
      expiryTimer = context.owner().setTimer(Math.max(1, left), id -> close(CloseCodes.TOKEN_EXPIRED, "token expired"));
    }
  }

  String id() {
    return id;
  }

  /**
   * The connection as {@code GET /api/connections} lists it: read on its own thread, where its
   * subscriptions and queue live. Any thread.
   */
  Future<JsonObject> describe() {
    Promise<JsonObject> out = Promise.promise();
    context.runOnContext(v -> {
      JsonArray subs = new JsonArray();
      subscriptions.values().forEach(sub -> subs.add(sub.describe()));
      out.complete(new JsonObject().put("id", id).put("transport", "websocket").put("subject", principal.subject())
          .put("remoteAddress", ws.remoteAddress()).put("since", since.toString()).put("subscriptions", subs)
          .put("queuedEvents", outbox.queuedEvents()).put("queuedBytes", outbox.queuedBytes()));
    });
    return out.future();
  }

  /** Closes with 4009 for an operator. Any thread. */
  void closeByOperator() {
    context.runOnContext(v -> close(CloseCodes.CLOSED_BY_OPERATOR, "closed by operator"));
  }

  /** Completes once the socket has closed. */
  Future<Void> closedFuture() {
    return closed.future();
  }

  /**
   * Closes with 1001 for a shutdown, once every publish under way has been answered (new ones are refused
   * meanwhile); completes once the socket has closed. Any thread.
   */
  Future<Void> shutdown() {
    context.runOnContext(v -> publisher.drain().onComplete(d -> close(CloseCodes.GOING_AWAY, "hub shutting down")));
    return closed.future();
  }

  /**
   * A client's ping counts in the rate limit: one over it is dropped unanswered. A client that does not read
   * may not make the hub pile up pongs: reading stops, as for replies, until the socket takes more.
   */
  @Override
  public boolean onPing() {
    if (closing) {
      return false;
    }
    if (!rateLimiter.tryAcquire()) {
      services.stats().rateLimited();
      return false;
    }
    pauseUntilWritable();
    return true;
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
    Buffer message = messages.add(type, data, fin);
    if (messages.tooLarge()) {
      close(CloseCodes.TOO_BIG, "message larger than " + options.maxFrameSize() + " bytes");
      return;
    }
    if (message != null) {
      onMessage(message);
    }
  }

  private void onMessage(Buffer message) {
    if (!rateLimiter.tryAcquire()) {
      dropped();
      return;
    }
    dropping = false;
    try {
      if (messages.binary()) {
        throw RequestError.badRequest(null, "binary frames are not supported: send JSON text frames");
      }
      Request request = RequestParser.parse(message.toString(StandardCharsets.UTF_8));
      if (request instanceof Subscribe s) {
        subscribe(s);
      } else if (request instanceof Unsubscribe u) {
        unsubscribe(u);
      } else if (request instanceof Ping p) {
        send(Frames.pong(p.id()));
      } else if (request instanceof Publish p) {
        publisher.handle(p);
      } else if (request instanceof Request.Ack a) {
        ConsumerFrames.ack(this, a);
      }
    } catch (RequestError e) {
      send(Frames.error(e.id(), e.code(), e.getMessage()));
    }
  }

  // Over the rate: dropped unread (not even parsed, so its id is unknown); the first of a run gets a notice.
  private void dropped() {
    services.stats().rateLimited();
    if (!dropping) {
      dropping = true;
      send(Frames.error(null, ErrorCode.RATE_LIMITED, "more than " + options.maxMessagesPerSecond()
          + " messages per second: this message and the next ones are dropped unread until the rate falls"));
    }
  }

  private void subscribe(Subscribe request) {
    if (subscriptions.size() >= options.maxSubscriptionsPerConnection()) {
      throw new RequestError(request.id(), ErrorCode.TOO_MANY_SUBSCRIPTIONS, "this connection already holds "
          + subscriptions.size() + " subscriptions, the most allowed");
    }
    StreamFilter filter = new StreamFilter(request.categories(), request.events(), request.keys(),
        request.attributes()).readableBy(principal);
    int more = filter.patterns();
    if (patterns + more > options.maxPatternsPerConnection()) {
      throw new RequestError(request.id(), ErrorCode.TOO_MANY_SUBSCRIPTIONS, "this subscription's " + more
          + " categories, events, keys and attributes would make the connection's subscriptions hold " + (patterns + more)
          + " in total, over maxPatternsPerConnection (" + options.maxPatternsPerConnection() + ")");
    }
    // A per-key grant admits the category; the filter, readable by the principal, narrows it to the keys.
    for (String category : request.categories()) {
      if (!principal.canReadSomeOf(category)) {
        throw new RequestError(request.id(), ErrorCode.FORBIDDEN, "token does not allow subscribe:" + category);
      }
    }
    Subscription sub = new Subscription(++lastSubscription, filter, request.batch(), request.overflow(), outbox,
        options.maxQueuedBytes());
    subscriptions.put(sub.id(), sub);
    patterns += more;
    if (request.consumer() != null) {
      ConsumerFrames.attach(this, sub, request);
      return;
    }
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
      EventHistory history = GrantedHistory.of(services.history(), principal);
      new ReplaySeam(sub, request, head.result(), history, outbox, e -> failed(sub, request, e)).start();
    } else {
      // Events recorded before the head but delivered on the bus after the subscription entered the
      // index are older than the subscription: live means after the head that subscribed announced.
      sub.goLive(head.result());
      outbox.endPass();
    }
  }

  void failed(Subscription sub, Subscribe request, Throwable cause) {
    if (cause instanceof RequestError refused) {
      // A named consumer refused (issue 20): the client's to fix, not the hub's to log.
      if (subscriptions.remove(sub.id()) != null) {
        drop(sub);
        send(Frames.error(refused.id(), refused.code(), refused.getMessage()));
      }
      return;
    }
    LOG.warn("subscription " + sub.id() + " failed", cause);
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
    patterns -= sub.filter().patterns();
    if (sub.member != null) {
      ConsumerFrames.leave(this, sub);
    } else {
      loop.remove(sub);
    }
    sub.close();
    services.stats().unsubscribed();
  }

  // ---- for ConsumerFrames (issue 20), on the connection's thread

  /** Ends a subscription the hub gave up, telling the client why with an error frame naming it. */
  void endSubscription(Subscription sub, ErrorCode code, String message) {
    if (subscriptions.remove(sub.id()) != null) {
      drop(sub);
      send(Frames.error(null, code, message));
    }
  }

  Context context() {
    return context;
  }

  Services services() {
    return services;
  }

  HubPrincipal principal() {
    return principal;
  }

  Subscription subscription(String id) {
    return subscriptions.get(id);
  }

  void send(Buffer reply) {
    outbox.send(reply);
    pauseUntilWritable();
  }

  // A client that does not read its replies (or pongs) may not send more: stop reading until it catches up.
  private void pauseUntilWritable() {
    if (!inputPaused && outbox.full()) {
      inputPaused = true;
      ws.pause();
      outbox.whenWritable(() -> {
        inputPaused = false;
        ws.resume();
      });
    }
  }

  /** The wheel's visit, once per heartbeat interval. */
  @Override
  void beat() {
    if (unansweredPings >= 2) {
      close(CloseCodes.GOING_AWAY, "heartbeat timeout");
      return;
    }
    unansweredPings++;
    ws.ping(PING);
    armExpiry();
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
    leaveWheel();
    context.owner().cancelTimer(expiryTimer);
    outbox.stop();
    publisher.close();
    for (Subscription sub : new ArrayList<>(subscriptions.values())) {
      drop(sub);
    }
    subscriptions.clear();
  }
}
