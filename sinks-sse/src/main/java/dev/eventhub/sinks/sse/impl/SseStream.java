package dev.eventhub.sinks.sse.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.GrantedHistory;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.kit.stream.LiveGate;
import dev.eventhub.kit.stream.Overflow;
import dev.eventhub.kit.stream.PendingEvents;
import dev.eventhub.kit.stream.ReplayHandover;
import dev.eventhub.kit.stream.StreamFilter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's event stream: the replay, the hand-over to live events, the heartbeat, the bounded
 * backlog and the end. Everything runs on the request's context; the dispatcher posts there.
 *
 * <p>Live events the response cannot take at once wait in a queue of at most {@code maxQueuedBytes};
 * past it the client is a slow consumer and the stream ends (it resumes with {@code Last-Event-ID},
 * nothing lost), unless it asked for {@code overflow=drop-oldest} or {@code latest-per-key}: the
 * oldest waiting events are then dropped (an {@code event: gap} message says which before the next
 * ones), or only the newest of each key waits. Replay pages are written only as the response takes
 * them, so they never count.
 */
final class SseStream implements ReplayHandover.Target {
  private static final Logger LOG = LoggerFactory.getLogger(SseStream.class);
  private static final Buffer HEARTBEAT = Buffer.buffer(": heartbeat\n\n");
  // Long enough for a client that reads to take the last message; a client that does not is cut off.
  private static final long END_GRACE_MS = 5_000;

  private final HttpServerRequest request;
  private final String id;
  private final Instant since = Instant.now();
  private final HttpServerResponse response;
  private final Context context;
  private final HubPrincipal principal;
  private final Services services;
  private final StreamRequest spec;
  private final LiveGate<LiveEvent> gate;
  private final ArrayDeque<Buffer> queue = new ArrayDeque<>();
  // Drop-oldest and latest-per-key: the waiting events, instead of the queue; null under close.
  private final PendingEvents<LiveEvent> pending;
  private final List<Runnable> waitingForDrain = new ArrayList<>();
  private final Promise<Void> ended = Promise.promise();
  private long queuedBytes;
  private long heartbeatTimer = -1;
  private long expiryTimer = -1;
  private boolean ending;
  private final StreamFilter filter;

  SseStream(HttpServerRequest request, Context context, HubPrincipal principal, Services services, StreamRequest spec) {
    this.request = request;
    this.id = services.streams().nextId();
    this.response = request.response();
    this.context = context;
    this.principal = principal;
    this.services = services;
    this.spec = spec;
    this.filter = spec.filter().readableBy(principal);
    this.gate = new LiveGate<>(services.options().maxQueuedBytes(), LiveEvent::cursor,
        e -> e.message(spec.rendering()).length(), this::deliver);
    this.pending = spec.overflow() == Overflow.CLOSE ? null : new PendingEvents<>(spec.overflow(), LiveEvent::cursor,
        e -> e.event.key(), e -> e.message(spec.rendering()).length());
  }

  /** The stream's selection, narrowed to the keys the principal's per-key grants allow. */
  StreamFilter filter() {
    return filter;
  }

  String id() {
    return id;
  }

  /** The stream as {@code GET /api/connections} lists it, read on its own thread. Any thread. */
  Future<JsonObject> describe() {
    Promise<JsonObject> out = Promise.promise();
    context.runOnContext(v -> {
      StreamFilter f = spec.filter();
      JsonObject subscription = new JsonObject().put("id", id).put("categories", new JsonArray(f.categories()))
          .put("events", new JsonArray(f.events())).put("keys", new JsonArray(List.copyOf(f.keys())))
          .put("overflow", spec.overflow().value());
      if (!f.attributes().isEmpty()) {
        subscription.put("attributes", new JsonObject(new java.util.LinkedHashMap<>(f.attributes().pairs())));
      }
      out.complete(new JsonObject().put("id", id).put("transport", "sse").put("subject", principal.subject())
          .put("remoteAddress", String.valueOf(request.remoteAddress())).put("since", since.toString())
          .put("subscriptions", new JsonArray().add(subscription))
          .put("queuedEvents", queue.size() + (pending == null ? 0 : pending.size()))
          .put("queuedBytes", queuedBytes + (pending == null ? 0 : pending.bytes())));
    });
    return out.future();
  }

  /** Ends the stream with {@code event: error} {@code closed_by_operator}. Any thread. */
  void closeByOperator() {
    context.runOnContext(v -> end("closed_by_operator", "closed by operator"));
  }

  /** Sends the headers and {@code retry:}, enters the live dispatch, then replays or goes live; on the request's context. */
  void start() {
    services.stats().opened();
    // Counted among the open streams first, so that every way out below frees the slot taken for it.
    services.streams().add(this);
    if (response.closed()) {
      // The client left while its token was checked.
      onClosed();
      return;
    }
    response.setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        // Proxies that buffer responses (nginx) would hold events back.
        .putHeader("X-Accel-Buffering", "no");
    response.closeHandler(v -> onClosed());
    response.drainHandler(v -> drained());
    response.write("retry: 2000\n\n");
    long interval = services.options().heartbeat().toMillis();
    heartbeatTimer = context.owner().setPeriodic(interval, interval, id -> heartbeat());
    if (principal.expiresAt() != null) {
      long delay = Math.max(1, principal.expiresAt().toEpochMilli() - Instant.now().toEpochMilli());
      expiryTimer = context.owner().setTimer(delay, id -> end("token_expired", "token expired"));
    }
    if (services.streams().closed()) {
      // Shutdown began while this stream was starting: closeAll did not see it.
      end("hub_shutting_down", "hub shutting down");
      return;
    }
    // In the dispatch (above) before the head is read: every event after the head reaches the gate.
    services.history().head().onComplete(this::started);
  }

  private void started(AsyncResult<String> head) {
    if (ending) {
      return;
    }
    if (head.failed()) {
      fail(head.cause());
    } else if (spec.replays()) {
      new ReplayHandover(GrantedHistory.of(services.history(), principal), spec.filter().toEventFilter(), spec.since(),
          spec.last(), head.result(), this)
          .start();
    } else {
      // Events recorded before the head but delivered after the stream entered the dispatch are older than it.
      goLive(head.result());
    }
  }

  /** Live events the dispatcher selected for this stream; any thread. */
  void post(List<LiveEvent> events) {
    context.runOnContext(v -> {
      for (LiveEvent e : events) {
        gate.receive(e);
      }
    });
  }

  /** Ends the stream for a shutdown; completes once it ended. Any thread. */
  Future<Void> shutdown() {
    context.runOnContext(v -> end("hub_shutting_down", "hub shutting down"));
    return ended.future();
  }

  @Override
  public boolean closed() {
    return ending;
  }

  @Override
  public boolean takeOverflow() {
    return gate.takeOverflow();
  }

  @Override
  public void replay(List<HubEvent> events) {
    for (HubEvent e : events) {
      response.write(spec.rendering().render(e, true));
    }
    services.stats().replayed(events.size());
  }

  @Override
  public void whenWritable(Runnable next) {
    if (!response.writeQueueFull()) {
      next.run();
    } else {
      waitingForDrain.add(next);
    }
  }

  @Override
  public void finish(long count, boolean complete, String floor) {
    response.write(EventRendering.named("replay_complete",
        new JsonObject().put("count", count).put("complete", complete).encode()));
    goLive(floor);
  }

  @Override
  public void fail(Throwable cause) {
    LOG.warn("an SSE stream's replay failed", cause);
    end("internal", "the stream failed: " + cause.getMessage());
  }

  private void goLive(String floor) {
    if (floor != null && !floor.isEmpty()) {
      // An id-only message sets the browser's Last-Event-ID without an event: a reconnect resumes
      // from here even when no event came (or the replay's cursor was unknown).
      response.write("id: " + floor + "\n\n");
    }
    gate.goLive(floor);
  }

  private void deliver(LiveEvent e) {
    services.stats().sent(1);
    if (pending != null) {
      deliverDroppable(e);
      return;
    }
    Buffer message = e.message(spec.rendering());
    if (queue.isEmpty() && !response.writeQueueFull()) {
      response.write(message);
      return;
    }
    queue.add(message);
    queuedBytes += message.length();
    if (queuedBytes > services.options().maxQueuedBytes()) {
      services.stats().slowConsumerClosed();
      end("slow_consumer", "slow consumer");
    }
  }

  // Drop-oldest and latest-per-key: behind its own waiting events, the oldest of which give way past the bound.
  private void deliverDroppable(LiveEvent e) {
    if (pending.isEmpty() && !pending.hasGap() && !response.writeQueueFull()) {
      response.write(e.message(spec.rendering()));
      return;
    }
    int before = pending.size();
    pending.add(e);
    if (pending.size() == before) {
      services.stats().superseded(1);
    }
    long max = services.options().maxQueuedBytes();
    while (pending.bytes() > max && pending.dropOldest() > 0) {
      services.stats().dropped(1);
    }
    services.stats().queuedBytes(pending.bytes());
  }

  private void drained() {
    if (pending != null) {
      drainPending();
    }
    while (!queue.isEmpty() && !response.writeQueueFull()) {
      Buffer message = queue.poll();
      queuedBytes -= message.length();
      response.write(message);
    }
    if (queue.isEmpty() && (pending == null || pending.isEmpty()) && !waitingForDrain.isEmpty()
        && !response.writeQueueFull()) {
      List<Runnable> run = new ArrayList<>(waitingForDrain);
      waitingForDrain.clear();
      run.forEach(Runnable::run);
    }
  }

  private void drainPending() {
    if (response.writeQueueFull()) {
      return;
    }
    PendingEvents.Gap gap = pending.takeGap();
    if (gap != null) {
      response.write(EventRendering.named("gap", gap.toJson().encode()));
      services.stats().gapSent();
    }
    LiveEvent e;
    while (!response.writeQueueFull() && (e = pending.poll()) != null) {
      response.write(e.message(spec.rendering()));
    }
  }

  private void heartbeat() {
    // A stream with data waiting is not idle: the heartbeat would only queue behind it.
    if (queue.isEmpty() && (pending == null || pending.isEmpty()) && !response.writeQueueFull()) {
      response.write(HEARTBEAT);
      services.stats().heartbeat();
    }
  }

  /** Tells the client why with an {@code error} event and ends the response. */
  private void end(String code, String message) {
    if (ending) {
      return;
    }
    release();
    // What a slow consumer has not read is dropped: it resumes from its Last-Event-ID.
    queue.clear();
    queuedBytes = 0;
    if (pending != null) {
      pending.clear();
    }
    response.write(EventRendering.named("error", new JsonObject().put("code", code).put("message", message).encode()));
    // A client that does not read would hold the connection (and its buffers) open: cut it off.
    long cutOff = context.owner().setTimer(END_GRACE_MS, id -> request.connection().close());
    response.end().onComplete(ar -> {
      context.owner().cancelTimer(cutOff);
      onClosed();
    });
  }

  private void onClosed() {
    release();
    ended.tryComplete();
  }

  // Stops every delivery and timer; idempotent.
  private void release() {
    if (ending) {
      return;
    }
    ending = true;
    context.owner().cancelTimer(heartbeatTimer);
    context.owner().cancelTimer(expiryTimer);
    gate.close();
    waitingForDrain.clear();
    services.streams().remove(this);
    services.stats().closed();
  }
}
