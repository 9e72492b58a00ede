package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.stream.PendingEvents;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.http.impl.ws.WebSocketFrameImpl;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hub's frames as UTF-8 buffers. Event frames are built as bytes around the event's shared
 * encoding ({@link HubEvent#encode()}), never by serializing the event again.
 */
final class Frames {
  /** A batch frame is closed once it reaches this size; a single larger event still goes alone. */
  static final int BATCH_TARGET_BYTES = 64 * 1024;
  private static final byte[] REPLAY_FIELD = "\"replay\":true,".getBytes(StandardCharsets.UTF_8);

  private Frames() {}

  /** The envelope's JSON as bytes: computed once per event and shared by every connection. */
  static Buffer envelope(HubEvent event) {
    return Buffer.buffer(event.encode());
  }

  /** {@code {"type":"event","subscription":"<id>",["replay":true,]...envelope fields}}. */
  static Buffer event(String subscription, Buffer envelope, boolean replay) {
    return event(eventPrefix(subscription), envelope, replay);
  }

  /** The start of every {@code event} frame of a subscription: {@code {"type":"event","subscription":"<id>",}. */
  static byte[] eventPrefix(String subscription) {
    return ("{\"type\":\"event\",\"subscription\":\"" + subscription + "\",").getBytes(StandardCharsets.UTF_8);
  }

  /** The start of every {@code events} frame of a subscription: {@code {"type":"events","subscription":"<id>","events":[}. */
  static byte[] batchPrefix(String subscription) {
    return ("{\"type\":\"events\",\"subscription\":\"" + subscription + "\",\"events\":[")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** An {@code event} frame of the subscription whose {@link #eventPrefix} is {@code prefix}. */
  static Buffer event(byte[] prefix, Buffer envelope, boolean replay) {
    Buffer frame = Buffer.buffer(prefix.length + envelope.length() + (replay ? REPLAY_FIELD.length : 0));
    frame.appendBytes(prefix);
    if (replay) {
      frame.appendBytes(REPLAY_FIELD);
    }
    return frame.appendBuffer(envelope, 1, envelope.length() - 1);
  }

  /** A replayed event's frame, built straight from the event's shared JSON text. */
  static Buffer replayEvent(byte[] prefix, HubEvent event) {
    byte[] json = event.encode().getBytes(StandardCharsets.UTF_8);
    return Buffer.buffer(prefix.length + REPLAY_FIELD.length + json.length).appendBytes(prefix)
        .appendBytes(REPLAY_FIELD).appendBytes(json, 1, json.length - 1);
  }

  /** Writes {@code frame} as one final text frame; the buffer is not copied, so one buffer serves many sockets. */
  static Future<Void> write(WebSocketBase ws, Buffer frame) {
    // Vert.x has no public text frame over a Buffer; this is what writeTextMessage builds, minus the encoding.
    return ws.writeFrame(new WebSocketFrameImpl(WebSocketFrameType.TEXT, ((BufferInternal) frame).getByteBuf(), true));
  }

  static Buffer subscribed(Object id, String subscription, List<String> categories, String cursor) {
    return reply("subscribed", id).put("subscription", subscription).put("categories", new JsonArray(categories))
        .put("cursor", cursor).toBuffer();
  }

  /** Issue 20: {@code subscribed} for a named consumer: {@code cursor} is its committed cursor. */
  static Buffer consumerSubscribed(Object id, String subscription, List<String> categories, String cursor,
      String consumer, boolean autoAck) {
    JsonObject reply = reply("subscribed", id).put("subscription", subscription)
        .put("categories", new JsonArray(categories)).put("consumer", consumer).put("autoAck", autoAck);
    if (cursor != null) {
      reply.put("cursor", cursor);
    }
    return reply.toBuffer();
  }

  /** Issue 20: the answer to {@code ack}: the consumer's committed cursor after it. */
  static Buffer acked(Object id, String subscription, String cursor) {
    return reply("acked", id).put("subscription", subscription).put("cursor", cursor).toBuffer();
  }

  static Buffer replayComplete(Object id, String subscription, long count, boolean complete) {
    return reply("replay_complete", id).put("subscription", subscription).put("count", count)
        .put("complete", complete).toBuffer();
  }

  /** {@code {"type":"gap","subscription":"<id>","dropped":N,"from":"<cursor>","to":"<cursor>"}}. */
  static Buffer gap(String subscription, PendingEvents.Gap gap) {
    return new JsonObject().put("type", "gap").put("subscription", subscription).mergeIn(gap.toJson()).toBuffer();
  }

  static Buffer unsubscribed(Object id, String subscription) {
    return reply("unsubscribed", id).put("subscription", subscription).toBuffer();
  }

  static Buffer pong(Object id) {
    return reply("pong", id).toBuffer();
  }

  static Buffer error(Object id, ErrorCode code, String message) {
    return reply("error", id).put("code", code.code()).put("message", message).toBuffer();
  }

  private static JsonObject reply(String type, Object id) {
    JsonObject json = new JsonObject().put("type", type);
    return id == null ? json : json.put("id", id);
  }

  /** An {@code events} frame being filled: {@code {"type":"events","subscription":"<id>","events":[...]}}. */
  static final class Batch {
    private final Buffer frame;
    private int count;

    Batch(String subscription) {
      frame = Buffer.buffer(4096).appendBytes(batchPrefix(subscription));
    }

    Batch add(Buffer envelope, boolean replay) {
      if (count++ > 0) {
        frame.appendByte((byte) ',');
      }
      if (replay) {
        frame.appendByte((byte) '{').appendBytes(REPLAY_FIELD).appendBuffer(envelope, 1, envelope.length() - 1);
      } else {
        frame.appendBuffer(envelope);
      }
      return this;
    }

    int count() {
      return count;
    }

    boolean full() {
      return frame.length() >= BATCH_TARGET_BYTES;
    }

    Buffer build() {
      return frame.appendString("]}");
    }
  }
}
