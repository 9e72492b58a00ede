package dev.eventhub.client.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/** The {@code ack} frames waiting for their {@code acked} answer, by request id. Touched on the client's context only. */
final class PendingAcks {
  private final Map<String, Promise<String>> pending = new HashMap<>();

  void add(String requestId, Promise<String> answer) {
    pending.put(requestId, answer);
  }

  /** An {@code acked} frame: completes its ack with the committed cursor. */
  void acked(JsonObject frame) {
    Promise<String> p = pending.remove(String.valueOf(frame.getValue("id")));
    if (p != null) {
      p.tryComplete(frame.getString("cursor"));
    }
  }

  /** An {@code error} frame: fails its ack; false when it answers no ack. */
  boolean failed(JsonObject frame, HubException error) {
    Object id = frame.getValue("id");
    Promise<String> p = id == null ? null : pending.remove(String.valueOf(id));
    return p != null && p.tryFail(error);
  }

  /** The connection closed: the acks sent on it may or may not have been committed. */
  void connectionLost(String why) {
    pending.values().forEach(p -> p.tryFail(new HubException(ErrorCode.UNAVAILABLE, why)));
    pending.clear();
  }
}
