package dev.eventhub.sinks.websocket.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.VoidChannelPromise;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketBase;
import io.vertx.core.http.WebSocketFrame;
import java.nio.charset.StandardCharsets;

/**
 * Writes text frames to one socket, flushing only when told: a connection's thread writes every
 * frame it has for the socket, then flushes once, so a burst of events costs one system call
 * instead of one per frame. Vert.x flushes each write made on the socket's own thread and offers no
 * way to defer it, so frames go to the socket's Netty channel directly (on its event loop, through
 * Netty's WebSocket encoder, which the upgrade installed, or, for frames the loop built with their header,
 * {@link #writeWire}, past it), once {@link ChannelSocket} has taken it over
 * ({@link UpgradedChannels}). Frames written this way do not show in Vert.x's bytes-written metrics;
 * the sink's own counters ({@link WebSocketStats}) have them. Without the channel, frames go through
 * Vert.x's public API, each flushed ({@link VertxWriter}).
 *
 * <p>One connection's thread only.
 */
abstract class FrameWriter {
  /** Writes {@code frame}, a text frame's payload, without flushing: for replies, whose bytes are copied once. */
  abstract void write(Buffer frame);

  /** Writes {@code frame}, a text frame's payload, without flushing; takes over one reference to it. */
  abstract void write(ByteBuf frame);

  /**
   * Writes {@code frames}, one or more whole text frames with their headers ({@link WireFrames}), one after the
   * other, without flushing; takes over one reference to it. Where the socket's bytes are not the frames' as built
   * (a permessage-deflate encoder in the pipeline, no channel), each frame's payload is written, as by
   * {@link #write(ByteBuf)}.
   */
  abstract void writeWire(ByteBuf frames);

  /** Hands everything written so far to the socket. */
  abstract void flush();

  /** Whether the socket takes no more for now: the channel's buffer is above its high-water mark. */
  abstract boolean full();

  /**
   * The bytes the socket takes before {@link #full()} says so: 0 when it does. A writer that cannot tell says 1
   * while it is not full, so that a caller holding frames back writes them before deciding on the next one.
   */
  abstract long bytesBeforeFull();

  /** Runs {@code action} once the socket has written out what it holds; after {@link #full()} said so. */
  abstract void whenDrained(Runnable action);

  /** A writer through Vert.x's public API, one flush per frame: for a socket whose channel was not taken over. */
  static FrameWriter of(WebSocketBase ws) {
    return new VertxWriter(ws);
  }

  /** A writer straight to {@code channel}, which carries WebSocket frames. */
  static FrameWriter of(Channel channel) {
    return new ChannelWriter(channel);
  }

  /** Frames written to the channel, flushed on {@link #flush()}. */
  private static final class ChannelWriter extends FrameWriter {
    private final Channel channel;
    // A write failure means the socket is closing; Vert.x reports the close itself.
    private final ChannelPromise voidPromise;
    private boolean unflushed;
    // Where whole frames enter the pipeline: past the WebSocket encoder, as its own output would; null when they
    // cannot (an extension such as permessage-deflate transforms frames, or there is no encoder). Found at the
    // first whole frame: extensions are installed once the handshake's answer is written, before any event.
    private ChannelHandlerContext wire;
    private boolean wireLooked;

    ChannelWriter(Channel channel) {
      this.channel = channel;
      this.voidPromise = new VoidChannelPromise(channel, false);
    }

    @Override
    void write(Buffer frame) {
      write(Unpooled.wrappedBuffer(frame.getBytes()));
    }

    @Override
    void write(ByteBuf frame) {
      TextWebSocketFrame text = new TextWebSocketFrame(true, 0, frame);
      if (!channel.eventLoop().inEventLoop()) {
        // Not the socket's thread (never the case for the sink's connections): Netty queues it to the loop.
        channel.writeAndFlush(text, voidPromise);
        return;
      }
      channel.write(text, voidPromise);
      unflushed = true;
    }

    @Override
    void writeWire(ByteBuf frames) {
      ChannelHandlerContext past = wireContext();
      if (past == null || !channel.eventLoop().inEventLoop()) {
        WireFrames.eachPayload(frames, this::write);
        return;
      }
      // The frames' bytes as Netty's encoder would write them (WireFrames): the encoder has nothing to do.
      past.write(frames, voidPromise);
      unflushed = true;
    }

    private ChannelHandlerContext wireContext() {
      if (!wireLooked) {
        wireLooked = true;
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get(WebSocketExtensionEncoder.class) == null) {
          wire = pipeline.context(WebSocketFrameEncoder.class);
        }
      }
      return wire;
    }

    @Override
    void flush() {
      if (unflushed) {
        unflushed = false;
        channel.flush();
      }
    }

    @Override
    boolean full() {
      return !channel.isWritable();
    }

    @Override
    long bytesBeforeFull() {
      return channel.bytesBeforeUnwritable();
    }

    @Override
    void whenDrained(Runnable action) {
      // An empty write completes once every byte queued before it has gone to the socket. On a closed socket
      // it fails at once: nothing is run then, the connection is being released.
      unflushed = false;
      channel.writeAndFlush(Unpooled.EMPTY_BUFFER, channel.newPromise().addListener(f -> {
        if (f.isSuccess() && channel.isActive()) {
          action.run();
        }
      }));
    }
  }

  /**
   * Frames written through Vert.x, each flushed by it: for sockets whose channel was not taken over. Vert.x's
   * public API has no text frame over bytes, so each frame is decoded to a string that Vert.x encodes again.
   */
  private static final class VertxWriter extends FrameWriter {
    private final WebSocketBase ws;
    private Runnable onDrain;

    VertxWriter(WebSocketBase ws) {
      this.ws = ws;
      ws.drainHandler(v -> {
        Runnable action = onDrain;
        onDrain = null;
        if (action != null) {
          action.run();
        }
      });
    }

    @Override
    void write(Buffer frame) {
      ws.writeFrame(WebSocketFrame.textFrame(frame.toString(StandardCharsets.UTF_8), true));
    }

    @Override
    void write(ByteBuf frame) {
      try {
        ws.writeFrame(WebSocketFrame.textFrame(frame.toString(StandardCharsets.UTF_8), true));
      } finally {
        frame.release();
      }
    }

    @Override
    void writeWire(ByteBuf frames) {
      WireFrames.eachPayload(frames, this::write);
    }

    @Override
    void flush() {
      // Vert.x flushed each write.
    }

    @Override
    boolean full() {
      try {
        return ws.writeQueueFull();
      } catch (IllegalStateException closed) {
        return true;
      }
    }

    @Override
    long bytesBeforeFull() {
      return full() ? 0 : 1;
    }

    @Override
    void whenDrained(Runnable action) {
      onDrain = action;
    }
  }
}
