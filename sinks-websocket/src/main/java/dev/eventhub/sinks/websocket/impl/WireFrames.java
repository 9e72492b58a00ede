package dev.eventhub.sinks.websocket.impl;

import io.netty.buffer.ByteBuf;
import java.util.function.Consumer;

/**
 * Text frames as they go on the wire from a server (RFC 6455 section 5.2: FIN set, opcode 1, no mask,
 * the shortest length encoding), byte for byte what Netty's WebSocket encoder writes for a
 * {@code TextWebSocketFrame}. Event frames are built with their header once per loop pass and shared
 * by every socket of the loop, so that no socket encodes (allocates and copies) a frame of its own.
 */
final class WireFrames {
  private static final int FIN_TEXT = 0x81;

  private WireFrames() {}

  /** The bytes of the header of a text frame of {@code payload} bytes. */
  static int headerLength(int payload) {
    return payload <= 125 ? 2 : payload <= 0xFFFF ? 4 : 10;
  }

  /** Writes the header of a text frame of {@code payload} bytes; the payload follows. */
  static void writeHeader(ByteBuf frame, int payload) {
    frame.writeByte(FIN_TEXT);
    if (payload <= 125) {
      frame.writeByte(payload);
    } else if (payload <= 0xFFFF) {
      frame.writeByte(126);
      frame.writeShort(payload);
    } else {
      frame.writeByte(127);
      frame.writeLong(payload);
    }
  }

  /**
   * Hands the payload of each frame of {@code frames} (whole frames, one after the other) to {@code payload}, in
   * order, each a reference of its own; releases {@code frames}.
   */
  static void eachPayload(ByteBuf frames, Consumer<ByteBuf> payload) {
    try {
      while (frames.isReadable()) {
        int at = frames.readerIndex();
        int length = frames.getByte(at + 1) & 0x7f;
        long size = length <= 125 ? length : length == 126 ? frames.getUnsignedShort(at + 2) : frames.getLong(at + 2);
        frames.skipBytes(length <= 125 ? 2 : length == 126 ? 4 : 10);
        payload.accept(frames.readRetainedSlice((int) size));
      }
    } finally {
      frames.release();
    }
  }
}
