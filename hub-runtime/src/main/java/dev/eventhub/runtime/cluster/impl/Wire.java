package dev.eventhub.runtime.cluster.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.DocumentChange;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** How nodes put events, drafts, documents and failures into event-bus messages. */
final class Wire {
  /** Failure code of a reply from a node that cannot serve the request now (not the sequencer, behind). */
  static final int NOT_NOW = 1000;

  private Wire() {}

  static String address(String nodeId) {
    return "hub.cluster.node." + nodeId;
  }

  static JsonArray events(List<HubEvent> events) {
    JsonArray out = new JsonArray(new ArrayList<>(events.size()));
    events.forEach(e -> out.add(e.toJson()));
    return out;
  }

  static List<HubEvent> events(JsonArray json) {
    List<HubEvent> out = new ArrayList<>(json == null ? 0 : json.size());
    if (json != null) {
      for (int i = 0; i < json.size(); i++) {
        out.add(HubEvent.fromJson(json.getJsonObject(i)));
      }
    }
    return out;
  }

  /** The answer to an {@code append}: each recorded event, and whether it is new. */
  static JsonObject results(List<Appended> appended) {
    JsonArray out = new JsonArray();
    appended.forEach(a -> out.add(new JsonObject().put("event", a.event().toJson()).put("created", a.created())));
    return new JsonObject().put("results", out);
  }

  static List<Appended> appended(JsonObject reply) {
    JsonArray results = reply.getJsonArray("results");
    List<Appended> out = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      out.add(new Appended(HubEvent.fromJson(r.getJsonObject("event")), r.getBoolean("created")));
    }
    return out;
  }

  static JsonArray drafts(List<EventDraft> drafts) {
    JsonArray out = new JsonArray(new ArrayList<>(drafts.size()));
    for (EventDraft d : drafts) {
      out.add(new JsonObject().put("id", d.id()).put("category", d.category()).put("event", d.event())
          .put("key", d.key()).put("data", d.data()));
    }
    return out;
  }

  static List<EventDraft> drafts(JsonArray json) {
    List<EventDraft> out = new ArrayList<>(json.size());
    for (int i = 0; i < json.size(); i++) {
      JsonObject d = json.getJsonObject(i);
      out.add(new EventDraft(d.getString("id"), d.getString("category"), d.getString("event"), d.getString("key"),
          d.getJsonObject("data")));
    }
    return out;
  }

  static JsonArray documents(List<DocumentChange> changes) {
    JsonArray out = new JsonArray(new ArrayList<>(changes.size()));
    changes.forEach(c -> out.add(c.toJson()));
    return out;
  }

  static List<DocumentChange> documents(JsonArray json) {
    List<DocumentChange> out = new ArrayList<>(json == null ? 0 : json.size());
    if (json != null) {
      for (int i = 0; i < json.size(); i++) {
        out.add(DocumentChange.fromJson(json.getJsonObject(i)));
      }
    }
    return out;
  }

  /** Answers a request with a failure the sender turns back into the same {@link HubException}. */
  static void fail(Message<?> message, Throwable cause) {
    if (cause instanceof HubException h) {
      message.fail(h.code().ordinal(), h.getMessage());
    } else if (cause instanceof ReplyException r && r.failureCode() == NOT_NOW) {
      message.fail(NOT_NOW, r.getMessage());
    } else {
      message.fail(ErrorCode.INTERNAL.ordinal(), String.valueOf(cause.getMessage()));
    }
  }

  /** True when the request surely did not run on the other node and may be sent again. */
  static boolean retriable(Throwable cause) {
    if (cause instanceof ReplyException r) {
      return r.failureType() == ReplyFailure.NO_HANDLERS
          || (r.failureType() == ReplyFailure.RECIPIENT_FAILURE && r.failureCode() == NOT_NOW);
    }
    return false;
  }

  static boolean timedOut(Throwable cause) {
    return cause instanceof ReplyException r && r.failureType() == ReplyFailure.TIMEOUT;
  }

  /** A failure from another node as the caller should see it. */
  static Throwable unwrap(Throwable cause) {
    if (cause instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      int code = r.failureCode();
      if (code >= 0 && code < ErrorCode.values().length) {
        return new HubException(ErrorCode.values()[code], r.getMessage());
      }
      return new HubException(ErrorCode.UNAVAILABLE, r.getMessage());
    }
    if (cause instanceof ReplyException r) {
      return new HubException(ErrorCode.UNAVAILABLE, "cluster: " + r.failureType().name().toLowerCase()
          + (r.getMessage() == null ? "" : ": " + r.getMessage()));
    }
    return cause;
  }

  static ReplyException notNow(String message) {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, NOT_NOW, message);
  }
}
