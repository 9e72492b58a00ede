package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrameType;

/**
 * The upgraded socket as a {@link Connection} uses it: frames in, frames out, pings, the closing
 * handshake. {@link ChannelSocket} is the sink's own, on the Netty channel it takes over from
 * Vert.x after the upgrade; {@link VertxSocket} is Vert.x's {@code ServerWebSocket}, when the
 * channel cannot be taken over. One connection's thread only.
 */
interface Socket {
  /** What the socket reports, on its connection's thread. */
  interface Listener {
    /** A text, binary or continuation frame; {@code data} is the socket's own copy. */
    void onFrame(WebSocketFrameType type, Buffer data, boolean fin);

    /**
     * Whether to answer a ping from the client: the socket writes the pong when this says so, and drops the
     * ping otherwise. Vert.x's own socket answers every ping itself and never asks.
     */
    default boolean onPing() {
      return true;
    }

    void onPong();

    /** The connection has closed, once. */
    void onClosed();
  }

  /** Starts reporting to {@code listener}. */
  void listen(Listener listener);

  boolean isClosed();

  void ping(Buffer data);

  /** Starts the closing handshake with {@code code}; the listener hears {@link Listener#onClosed()} when it ends. */
  void close(short code, String reason);

  /** Stops reading from the client until {@link #resume()}. */
  void pause();

  void resume();

  String remoteAddress();

  /** Where the outbox writes frames. */
  FrameWriter writer();
}
