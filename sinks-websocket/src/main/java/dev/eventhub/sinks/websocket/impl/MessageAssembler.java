package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrameType;

/**
 * Joins a client's WebSocket message from its frames (a text or binary frame, then continuations until
 * {@code fin}), bounded in size: a connection holds at most one partial message. Used on the connection's
 * thread only.
 */
final class MessageAssembler {
  private final int maxBytes;
  private Buffer partial;
  private boolean binary;
  private boolean tooLarge;

  MessageAssembler(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /**
   * Takes a data frame; the whole message once its last frame came, else null (see {@link #tooLarge()}
   * for why).
   */
  Buffer add(WebSocketFrameType type, Buffer data, boolean fin) {
    if (type != WebSocketFrameType.CONTINUATION) {
      partial = null;
      binary = type == WebSocketFrameType.BINARY;
    }
    long size = (partial == null ? 0 : partial.length()) + (long) data.length();
    tooLarge = size > maxBytes;
    if (tooLarge) {
      partial = null;
      return null;
    }
    if (!fin) {
      partial = (partial == null ? Buffer.buffer() : partial).appendBuffer(data);
      return null;
    }
    Buffer message = partial == null ? data : partial.appendBuffer(data);
    partial = null;
    return message;
  }

  /** Whether the last frame taken made the message larger than the bound (it is then dropped). */
  boolean tooLarge() {
    return tooLarge;
  }

  /** Whether the message last taken began with a binary frame. */
  boolean binary() {
    return binary;
  }
}
