package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.api.HubEvent;
import io.netty.buffer.ByteBuf;

/**
 * One live event's bytes, shared by every connection it goes to: the envelope (the event's JSON,
 * built once on the dispatcher's thread), from which each loop builds the {@code event} frames it
 * writes ({@link #writeFrame}), once per pass and run of subscriptions ({@link SharedBatches}). Safe to share
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

  /** The bytes of this event's {@code event} frame for {@code s}, header included. */
  int frameLength(Subscription s) {
    int payload = payloadLength(s);
    return WireFrames.headerLength(payload) + payload;
  }

  /** Writes this event's {@code event} frame for {@code s}, header included, to {@code out}; returns {@code out}. */
  ByteBuf writeFrame(ByteBuf out, Subscription s) {
    WireFrames.writeHeader(out, payloadLength(s));
    return out.writeBytes(s.eventPrefix()).writeBytes(envelope, 1, envelope.length - 1);
  }

  // The envelope without its opening brace: its fields follow the frame's own.
  private int payloadLength(Subscription s) {
    return s.eventPrefix().length + envelope.length - 1;
  }

  /** The bytes this event takes for {@code s} while it waits: its frame, or its envelope in a batch. */
  int size(Subscription s) {
    return envelope.length + (s.batch() ? 1 : s.id().length() + 34);
  }
}
