package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.stream.PendingEvents;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hub's frames as UTF-8 bytes. Event frames are built as bytes around the event's shared
 * encoding ({@link HubEvent#encode()}), never by serializing the event again, into arrays or Netty
 * buffers that the sockets write as they are; replies, rare, are Vert.x buffers.
 */
final class Frames {
  /** A batch frame is closed once it reaches this size; a single larger event still goes alone. */
  static final int BATCH_TARGET_BYTES = 64 * 1024;
  private static final byte[] REPLAY_FIELD = "\"replay\":true,".getBytes(StandardCharsets.UTF_8);

  private Frames() {}

  /** The envelope's JSON as bytes: computed once per event and shared by every connection. */
  static byte[] envelope(HubEvent event) {
    return event.encode().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code {"type":"event","subscription":"<id>",["replay":true,]...envelope fields}}. */
  static byte[] event(String subscription, byte[] envelope, boolean replay) {
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
  static byte[] event(byte[] prefix, byte[] envelope, boolean replay) {
    int extra = replay ? REPLAY_FIELD.length : 0;
    byte[] frame = new byte[prefix.length + extra + envelope.length - 1];
    System.arraycopy(prefix, 0, frame, 0, prefix.length);
    if (replay) {
      System.arraycopy(REPLAY_FIELD, 0, frame, prefix.length, extra);
    }
    // The envelope without its opening brace: its fields follow the frame's own.
    System.arraycopy(envelope, 1, frame, prefix.length + extra, envelope.length - 1);
    return frame;
  }

  /** A replayed event's frame, built straight from the event's shared JSON text. */
  static ByteBuf replayEvent(byte[] prefix, HubEvent event) {
    return Unpooled.wrappedBuffer(event(prefix, envelope(event), true));
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
    private final ByteBuf frame;
    private int count;

    Batch(String subscription) {
      frame = Unpooled.buffer(4096).writeBytes(batchPrefix(subscription));
    }

    Batch add(byte[] envelope, boolean replay) {
      if (count++ > 0) {
        frame.writeByte(',');
      }
      if (replay) {
        frame.writeByte('{').writeBytes(REPLAY_FIELD).writeBytes(envelope, 1, envelope.length - 1);
      } else {
        frame.writeBytes(envelope);
      }
      return this;
    }

    int count() {
      return count;
    }

    boolean full() {
      return frame.readableBytes() >= BATCH_TARGET_BYTES;
    }

    /** The frame, for one socket to write (and release). */
    ByteBuf build() {
      return frame.writeByte(']').writeByte('}');
    }
  }
}
