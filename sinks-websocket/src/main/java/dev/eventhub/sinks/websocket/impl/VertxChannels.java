package dev.eventhub.sinks.websocket.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.net.impl.ShutdownEvent;
import io.vertx.core.net.impl.VertxHandler;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.NetworkMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link UpgradedChannels} on Vert.x 5's HTTP/1.x server: the only class of the project allowed to use
 * Vert.x's implementation classes (docs/adr/0007-public-apis-on-the-hot-path.md; PublicApisOnlyIT's
 * allow-list). What it relies on, each pinned by {@code VertxChannelsTest}:
 *
 * <ul>
 *   <li>the upgraded {@link HttpConnection} is a {@link ConnectionBase} whose {@code channel()} is the socket's;
 *   <li>after the upgrade, the pipeline's handler named {@code "handler"} is a {@link VertxHandler} whose
 *       connection is the WebSocket's, which holds Vert.x's metrics for it ({@code metrics()}, {@code metric()});
 *   <li>the WebSocket object (unwrapped from vertx-web's wrapper) has a {@code getMetric()}: the metric Vert.x's
 *       metrics SPI returned for the WebSocket, read by reflection as nothing else gives it;
 *   <li>a server shutting down fires a {@link ShutdownEvent} on each of its channels.
 * </ul>
 *
 * Anything else found (another Vert.x, HTTP/2, a test's fake) gives {@code null}: the sink then keeps
 * Vert.x's socket. Upgrading Vert.x: run {@code VertxChannelsTest}; if it fails, fix this class (and only it).
 */
final class VertxChannels implements UpgradedChannels {
  static final VertxChannels INSTANCE = new VertxChannels();
  private static final Logger LOG = LoggerFactory.getLogger(VertxChannels.class);
  private static final String HANDLER = "handler";
  private static final AtomicBoolean WARNED = new AtomicBoolean();

  private VertxChannels() {}

  @Override
  public Upgraded find(ServerWebSocket ws, HttpConnection http) {
    if (!(http instanceof ConnectionBase base) || base.channel() == null) {
      return unknown(http);
    }
    Channel channel = base.channel();
    if (!channel.eventLoop().inEventLoop() || !channel.isActive() || ws.isClosed()) {
      // Closed already, or not called on the socket's loop: nothing to take over.
      return null;
    }
    ChannelHandler handler = channel.pipeline().get(HANDLER);
    if (!(handler instanceof VertxHandler<?> vertx) || vertx.getConnection() == null) {
      return unknown(handler);
    }
    ConnectionBase wsConnection = vertx.getConnection();
    return new Taken(channel, handler, wsConnection.metrics(), wsConnection.metric(), wsConnection.remoteAddress(),
        webSocketMetric(ws));
  }

  // Said once: every socket of the process then runs on the public fallback, which an operator should know.
  private static Upgraded unknown(Object found) {
    if (!WARNED.getAndSet(true)) {
      LOG.warn("WebSocket connections are served through Vert.x's own socket, slower and larger: the sink found "
          + "{} where it expects what Vert.x 5's HTTP/1.x upgrade leaves (docs/adr/0007, VertxChannelsTest)",
          found == null ? "nothing" : found.getClass().getName());
    }
    return null;
  }

  private static final class Taken implements Upgraded {
    private final Channel channel;
    private ChannelHandler vertxHandler;
    private final NetworkMetrics<?> metrics;
    private final Object socketMetric;
    private final SocketAddress remote;
    private final Object webSocketMetric;

    Taken(Channel channel, ChannelHandler vertxHandler, NetworkMetrics<?> metrics, Object socketMetric,
        SocketAddress remote, Object webSocketMetric) {
      this.channel = channel;
      this.vertxHandler = vertxHandler;
      this.metrics = metrics;
      this.socketMetric = socketMetric;
      this.remote = remote;
      this.webSocketMetric = webSocketMetric;
    }

    @Override
    public Channel channel() {
      return channel;
    }

    @Override
    public void replaceWith(ChannelHandler handler) {
      ChannelPipeline pipeline = channel.pipeline();
      pipeline.replace(vertxHandler, HANDLER, handler);
      // Not kept: it is what kept Vert.x's connection objects reachable.
      vertxHandler = null;
    }

    @Override
    public boolean isShutdown(Object event) {
      return event instanceof ShutdownEvent;
    }

    // Vert.x counted the connection and the WebSocket open; its connection objects are gone, so this counts them closed.
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void reportClosed() {
      try {
        if (metrics instanceof HttpServerMetrics http && webSocketMetric != null) {
          http.disconnected(webSocketMetric);
        }
        if (metrics instanceof TCPMetrics tcp) {
          tcp.disconnected(socketMetric, remote);
        }
      } catch (RuntimeException e) {
        LOG.debug("metrics failed for a closed websocket", e);
      }
    }
  }

  // The metric Vert.x's metrics SPI returned for the WebSocket (vertx-web wraps the socket): Vert.x has no accessor
  // for it. Null when there is none or it cannot be read; the WebSocket gauge then stays as Vert.x left it.
  private static Object webSocketMetric(ServerWebSocket ws) {
    try {
      Object target = ws;
      if (target.getClass().getName().equals("io.vertx.ext.web.impl.ServerWebSocketWrapper")) {
        Field delegate = target.getClass().getDeclaredField("delegate");
        delegate.setAccessible(true);
        target = delegate.get(target);
      }
      for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
        for (Method m : c.getDeclaredMethods()) {
          if (m.getName().equals("getMetric") && m.getParameterCount() == 0) {
            m.setAccessible(true);
            return m.invoke(target);
          }
        }
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("no websocket metric", e);
    }
    return null;
  }
}
