package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDrafts;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.sinks.websocket.impl.Request.Publish;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's {@code publish} frames (issue 24): each is recorded through the hub's publisher as the
 * connection's caller, with the checks, limits and idempotency of {@code POST /api/events} ({@link
 * EventPublisher#publishAs}), and answered by {@code published} once durable or by an {@code error}
 * carrying the request's id. Several may be under way at once, at most {@code maxPublishesInFlight}; each
 * is answered when it is done, so answers need not come in request order. Runs on the connection's context.
 */
final class Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);

  private final EventPublisher hub;
  private final HubPrincipal caller;
  private final int maxInFlight;
  private final Context context;
  private final Consumer<Buffer> reply;
  private int inFlight;
  // Shutting down: publishes under way are answered, new ones refused.
  private Promise<Void> draining;
  // The connection is gone: there is no one to answer.
  private boolean closed;

  Publisher(EventPublisher hub, HubPrincipal caller, int maxInFlight, Context context, Consumer<Buffer> reply) {
    this.hub = hub;
    this.caller = caller;
    this.maxInFlight = maxInFlight;
    this.context = context;
    this.reply = reply;
  }

  /** Reads a {@code publish} frame: {@code events} must be a non-empty array of event objects. */
  static Publish parse(Object id, JsonObject json) {
    Object events = json.getValue("events");
    if (!(events instanceof JsonArray array)) {
      throw RequestError.badRequest(id, events == null ? "field 'events' is required"
          : "field 'events' must be an array of event objects");
    }
    if (array.isEmpty()) {
      throw RequestError.badRequest(id, "field 'events' must hold at least one event");
    }
    try {
      return new Publish(id, EventDrafts.fromArray(array));
    } catch (HubException e) {
      throw RequestError.badRequest(id, "field 'events': " + e.getMessage());
    }
  }

  void handle(Publish request) {
    if (Vertx.currentContext() != context) {
      // Issue 24: a frame of a channel the sink took over is read on the connection's event loop outside any Vert.x
      // context. Appending from there made Vert.x create a context per publish (the log completes an append on the
      // caller's context) and the answer cross to the connection's context in a second task; from the connection's
      // own context the append completes there, and the answer is written at once.
      context.runOnContext(v -> handle(request));
      return;
    }
    if (draining != null || hub == null) {
      reply.accept(Frames.error(request.id(), ErrorCode.UNAVAILABLE,
          "the hub is shutting down: the publish was refused and nothing was recorded"));
      return;
    }
    if (inFlight >= maxInFlight) {
      reply.accept(Frames.error(request.id(), ErrorCode.RATE_LIMITED, "this connection already has " + inFlight
          + " publishes under way, the most maxPublishesInFlight (" + maxInFlight
          + ") allows: wait for an answer before sending more; nothing was recorded"));
      return;
    }
    inFlight++;
    hub.publishAs(caller, request.drafts()).onComplete(ar -> {
      if (Vertx.currentContext() == context) {
        answered(request.id(), ar);
      } else {
        context.runOnContext(v -> answered(request.id(), ar));
      }
    });
  }

  /** Refuses new publishes and completes once every one under way has been answered. */
  Future<Void> drain() {
    if (draining == null) {
      draining = Promise.promise();
      if (inFlight == 0) {
        draining.complete();
      }
    }
    return draining.future();
  }

  /** The connection is gone: answers that come later are dropped. */
  void close() {
    closed = true;
  }

  private void answered(Object id, AsyncResult<List<HubEvent>> ar) {
    inFlight--;
    if (!closed) {
      reply.accept(ar.succeeded() ? published(id, ar.result()) : failure(id, ar.cause()));
    }
    if (inFlight == 0 && draining != null) {
      draining.tryComplete();
    }
  }

  private static Buffer failure(Object id, Throwable cause) {
    if (cause instanceof HubException e) {
      return Frames.error(id, e.code(), e.getMessage());
    }
    LOG.warn("a publish failed", cause);
    return Frames.error(id, ErrorCode.INTERNAL, "the publish failed; it may not have been recorded");
  }

  /** {@code {"type":"published","id":...,"results":[{"id":...,"cursor":...},...]}}, as text: no JSON tree per event. */
  static Buffer published(Object id, List<HubEvent> events) {
    StringBuilder out = new StringBuilder(48 + events.size() * 96).append("{\"type\":\"published\"");
    if (id != null) {
      out.append(",\"id\":").append(Json.encode(id));
    }
    out.append(",\"results\":[");
    for (int i = 0; i < events.size(); i++) {
      HubEvent e = events.get(i);
      string(out.append(i == 0 ? "{\"id\":" : ",{\"id\":"), e.id()).append(",\"cursor\":");
      string(out, e.cursor()).append('}');
    }
    return Buffer.buffer(out.append("]}").toString());
  }

  // A JSON string: as it is when nothing in it needs escaping (the hub's ids and every cursor), else through
  // Jackson. Issue 24: a Jackson call per id and per cursor was a visible share of a batch's answer.
  private static StringBuilder string(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        return out.append(Json.encode(s));
      }
    }
    return out.append('"').append(s).append('"');
  }
}
