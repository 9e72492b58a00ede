package dev.eventhub.sinks.websocket.impl;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Vert.x's {@link ServerWebSocket}, for a socket whose channel {@link ChannelSocket} could not take over:
 * Vert.x's public API only, each frame flushed on its own, and Vert.x's connection objects kept.
 * Vert.x answers the client's pings itself: they do not reach the listener, nor its rate limit.
 */
final class VertxSocket implements Socket {
  private static final Logger LOG = LoggerFactory.getLogger(VertxSocket.class);

  private final ServerWebSocket ws;
  private final FrameWriter writer;

  VertxSocket(ServerWebSocket ws) {
    this.ws = ws;
    this.writer = FrameWriter.of(ws);
  }

  @Override
  public void listen(Listener listener) {
    ws.frameHandler(frame -> listener.onFrame(frame.type(), frame.binaryData(), frame.isFinal()));
    ws.pongHandler(pong -> listener.onPong());
    ws.exceptionHandler(e -> LOG.debug("websocket error from " + ws.remoteAddress(), e));
    ws.closeHandler(v -> listener.onClosed());
  }

  @Override
  public boolean isClosed() {
    return ws.isClosed();
  }

  @Override
  public void ping(Buffer data) {
    ws.writePing(data);
  }

  @Override
  public void close(short code, String reason) {
    ws.close(code, reason);
  }

  @Override
  public void pause() {
    ws.pause();
  }

  @Override
  public void resume() {
    ws.resume();
  }

  @Override
  public String remoteAddress() {
    return String.valueOf(ws.remoteAddress());
  }

  @Override
  public FrameWriter writer() {
    return writer;
  }
}
