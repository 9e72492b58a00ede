package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * One live event's bytes, shared by every connection it goes to: the envelope (the event's JSON,
 * built once on the dispatcher's thread), from which each loop builds the {@code event} frames it
 * writes ({@link #wire}), once per pass and subscription number ({@link SharedBatches}). Safe to share
 * between threads.
 */
final class Encoded {
  final HubEvent event;
  /** The event's JSON as UTF-8; never written to. */
  final byte[] envelope;

  Encoded(HubEvent event) {
    this.event = event;
    this.envelope = Frames.envelope(event);
  }

  /**
   * The {@code event} frame of this event for {@code s}, header included ({@link WireFrames}), in a direct
   * buffer of the exact size: {@code {"type":"event","subscription":"<id>",} and the envelope's fields.
   */
  ByteBuf wire(Subscription s) {
    byte[] prefix = s.eventPrefix();
    // The envelope without its opening brace: its fields follow the frame's own.
    int payload = prefix.length + envelope.length - 1;
    int size = WireFrames.headerLength(payload) + payload;
    ByteBuf frame = ByteBufAllocator.DEFAULT.directBuffer(size, size);
    WireFrames.writeHeader(frame, payload);
    return frame.writeBytes(prefix).writeBytes(envelope, 1, envelope.length - 1);
  }

  /** The bytes this event takes for {@code s} while it waits: its frame, or its envelope in a batch. */
  int size(Subscription s) {
    return envelope.length + (s.batch() ? 1 : s.id().length() + 34);
  }
}
