package dev.eventhub.client.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The client's {@code publish} frames waiting for their answer (issue 24), by request id. Answers come as
 * each publish becomes durable, not necessarily in request order. Touched on the client's context only.
 */
final class WsPublishes {
  private final Map<String, Pending> pending = new LinkedHashMap<>();

  private static final class Pending {
    final JsonObject frame;
    final Promise<List<JsonObject>> answer;
    boolean sent;

    Pending(JsonObject frame, Promise<List<JsonObject>> answer) {
      this.frame = frame;
      this.answer = answer;
    }
  }

  /** Adds a publish; {@code write} sends it now when the socket is open. */
  void add(String requestId, List<EventDraft> drafts, Promise<List<JsonObject>> answer, Consumer<JsonObject> write) {
    JsonArray events = new JsonArray();
    drafts.forEach(d -> events.add(HttpPublisher.draftJson(d)));
    Pending p = new Pending(new JsonObject().put("type", "publish").put("id", requestId).put("events", events), answer);
    pending.put(requestId, p);
    if (write != null) {
      send(p, write);
    }
  }

  /** Sends what waits for a connection, once one is open. */
  void sendUnsent(Consumer<JsonObject> write) {
    for (Pending p : new ArrayList<>(pending.values())) {
      if (!p.sent) {
        send(p, write);
      }
    }
  }

  boolean waiting() {
    return !pending.isEmpty();
  }

  /** A {@code published} frame: completes its publish. */
  void published(JsonObject frame) {
    Pending p = pending.remove(String.valueOf(frame.getValue("id")));
    if (p != null) {
      List<JsonObject> results = new ArrayList<>();
      frame.getJsonArray("results", new JsonArray()).forEach(r -> results.add((JsonObject) r));
      p.answer.tryComplete(results);
    }
  }

  /** An {@code error} frame: fails its publish; false when it answers no publish. */
  boolean failed(JsonObject frame, HubException error) {
    Object id = frame.getValue("id");
    Pending p = id == null ? null : pending.remove(String.valueOf(id));
    return p != null && p.answer.tryFail(error);
  }

  /**
   * The connection closed: publishes sent on it fail (they may or may not have been recorded: send them again
   * with the same event ids to be sure of once); those not yet sent wait for the next connection, unless
   * {@code everything}.
   */
  void connectionLost(String why, boolean everything) {
    unanswered(ErrorCode.UNAVAILABLE, why, everything);
  }

  /** Fails the publishes sent and not answered (or all, when {@code everything}) with {@code code}. */
  void unanswered(ErrorCode code, String why, boolean everything) {
    for (var it = pending.values().iterator(); it.hasNext(); ) {
      Pending p = it.next();
      if (p.sent || everything) {
        it.remove();
        p.answer.tryFail(new HubException(code, why));
      }
    }
  }

  private static void send(Pending p, Consumer<JsonObject> write) {
    p.sent = true;
    write.accept(p.frame);
  }
}
