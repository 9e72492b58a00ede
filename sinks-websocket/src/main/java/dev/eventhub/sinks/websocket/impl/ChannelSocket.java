package dev.eventhub.sinks.websocket.impl;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrameType;
import io.vertx.core.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An upgraded socket taken over from Vert.x: once Vert.x has completed the handshake (and installed
 * Netty's WebSocket codec), this handler replaces Vert.x's in the channel's pipeline, so that
 * Vert.x's two connection objects, the HTTP one and the WebSocket one, become garbage. They cost an
 * idle connection about 10 KiB, mostly their outbound queues (a JCTools chunk of 1,024 slots each),
 * which the sink never used: it writes its frames to the channel itself ({@link FrameWriter}).
 *
 * <p>It does what Vert.x did for a server WebSocket: answers pings (those the listener lets through: it
 * counts them in its rate limit), reports pongs, hands over data frames (the decoder, set up by the
 * handshake, still enforces the server's frame size limit; a frame over it is answered here with a
 * close frame of 1009), runs
 * the closing handshake (echoes a client's close frame and closes the TCP connection; after its own
 * close frame waits for the client's, at most {@link #CLOSING_TIMEOUT_MS}), and tells Vert.x's
 * metrics when the connection ends. Everything runs on the channel's event loop, which is the
 * connection's thread.
 *
 * <p>Netty's public API only: what Vert.x's public API does not give (the channel, its handler, its metrics)
 * comes through {@link UpgradedChannels}.
 */
final class ChannelSocket extends ChannelInboundHandlerAdapter implements Socket {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelSocket.class);
  /** Vert.x's default {@code webSocketClosingTimeout}, 10 s. */
  static final long CLOSING_TIMEOUT_MS = 10_000;

  private final Channel channel;
  private final FrameWriter writer;
  private final SocketAddress remote;
  private final UpgradedChannels.Upgraded upgraded;
  private Listener listener;
  private ScheduledFuture<?> closingTimeout;
  private boolean closeSent;
  private boolean closeReceived;
  private boolean closed;

  private ChannelSocket(UpgradedChannels.Upgraded upgraded, SocketAddress remote) {
    this.channel = upgraded.channel();
    this.writer = FrameWriter.of(channel);
    this.remote = remote;
    this.upgraded = upgraded;
  }

  /**
   * Takes the channel of {@code ws} over from Vert.x; on the socket's event loop, right after the upgrade.
   *
   * @param http the HTTP connection that was upgraded to {@code ws}
   * @return the socket, or null when the channel is not what Vert.x 5's HTTP/1.x upgrade leaves (then
   *     keep using {@code ws})
   */
  static ChannelSocket takeOver(ServerWebSocket ws, HttpConnection http) {
    return takeOver(VertxChannels.INSTANCE, ws, http);
  }

  /** {@link #takeOver(ServerWebSocket, HttpConnection)} through {@code channels}. */
  static ChannelSocket takeOver(UpgradedChannels channels, ServerWebSocket ws, HttpConnection http) {
    UpgradedChannels.Upgraded upgraded = channels.find(ws, http);
    if (upgraded == null) {
      return null;
    }
    ChannelSocket socket = new ChannelSocket(upgraded, ws.remoteAddress());
    upgraded.replaceWith(socket);
    dropIdleTimeout(upgraded.channel());
    // Vert.x may have stopped reading for a paused socket; the listener decides from now on.
    upgraded.channel().config().setAutoRead(true);
    return socket;
  }

  // The HTTP server's idle timeout (http.idleTimeout) is an IdleStateHandler whose events only Vert.x's handler acted
  // on: once it is replaced they reach this socket, which has nothing to do with them (the heartbeat closes a silent
  // client, and its pings keep the channel from ever being idle). It would still cost every connection a handler, its
  // context and a scheduled task (about 0.25 KiB) and a wake-up per timeout: removed, its task cancelled.
  private static void dropIdleTimeout(Channel channel) {
    IdleStateHandler idle = channel.pipeline().get(IdleStateHandler.class);
    if (idle != null) {
      channel.pipeline().remove(idle);
    }
  }

  /** The channel taken over: for tests. */
  Channel channel() {
    return channel;
  }

  @Override
  public void listen(Listener listener) {
    this.listener = listener;
  }

  @Override
  public boolean isClosed() {
    return closed || !channel.isActive();
  }

  @Override
  public void ping(Buffer data) {
    channel.writeAndFlush(new PingWebSocketFrame(copy(data)), channel.voidPromise());
  }

  @Override
  public void close(short code, String reason) {
    if (closeSent || closed) {
      return;
    }
    closeSent = true;
    channel.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(f -> {
      if (closeReceived || !f.isSuccess()) {
        channel.close();
      } else if (channel.isActive()) {
        closingTimeout = channel.eventLoop().schedule(() -> {
          channel.close();
        }, CLOSING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      }
    });
  }

  @Override
  public void pause() {
    channel.config().setAutoRead(false);
  }

  @Override
  public void resume() {
    channel.config().setAutoRead(true);
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(remote);
  }

  @Override
  public FrameWriter writer() {
    return writer;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    try {
      if (frame instanceof TextWebSocketFrame) {
        data(WebSocketFrameType.TEXT, frame);
      } else if (frame instanceof BinaryWebSocketFrame) {
        data(WebSocketFrameType.BINARY, frame);
      } else if (frame instanceof ContinuationWebSocketFrame) {
        data(WebSocketFrameType.CONTINUATION, frame);
      } else if (frame instanceof PingWebSocketFrame) {
        if (!closeSent && (listener == null || listener.onPing())) {
          channel.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), channel.voidPromise());
        }
      } else if (frame instanceof PongWebSocketFrame) {
        if (listener != null) {
          listener.onPong();
        }
      } else if (frame instanceof CloseWebSocketFrame close) {
        closeReceived(close);
      }
    } finally {
      frame.release();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (closed) {
      return;
    }
    closed = true;
    if (closingTimeout != null) {
      closingTimeout.cancel(false);
      closingTimeout = null;
    }
    upgraded.reportClosed();
    if (listener != null) {
      listener.onClosed();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("websocket error from " + remote, cause);
    if (cause instanceof CorruptedWebSocketFrameException corrupt && !closeSent && channel.isActive()) {
      // The decoder refused a frame (over the size limit: 1009, or malformed: 1002) from its header, and discards
      // everything after it, the client's close frame included: the client is told why, then the TCP connection ends.
      WebSocketCloseStatus status = corrupt.closeStatus();
      closeSent = true;
      channel.writeAndFlush(new CloseWebSocketFrame(status.code(),
          status.code() == CloseCodes.TOO_BIG ? "message too big" : "protocol error")).addListener(f -> channel.close());
      return;
    }
    channel.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (upgraded.isShutdown(event)) {
      // The HTTP server is shutting down (the sink normally closed its sockets before).
      close(CloseCodes.GOING_AWAY, "hub shutting down");
    }
    ReferenceCountUtil.release(event);
  }

  private void data(WebSocketFrameType type, WebSocketFrame frame) {
    if (listener != null && !closeReceived) {
      listener.onFrame(type, Buffer.buffer(ByteBufUtil.getBytes(frame.content())), frame.isFinalFragment());
    }
  }

  // As Vert.x does: a client's close is answered with its own code and the server then closes the TCP connection.
  private void closeReceived(CloseWebSocketFrame close) {
    closeReceived = true;
    if (closeSent) {
      channel.close();
      return;
    }
    closeSent = true;
    int code = close.statusCode();
    CloseWebSocketFrame reply = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, close.reasonText());
    channel.writeAndFlush(reply).addListener(f -> channel.close());
  }

  private static ByteBuf copy(Buffer data) {
    return Unpooled.wrappedBuffer(data.getBytes());
  }
}
