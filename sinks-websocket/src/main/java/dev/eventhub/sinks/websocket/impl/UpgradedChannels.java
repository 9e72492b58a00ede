package dev.eventhub.sinks.websocket.impl;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.ServerWebSocket;

/**
 * The sink's one extension point over Vert.x (docs/adr/0007-public-apis-on-the-hot-path.md): what it needs
 * from an upgraded WebSocket that Vert.x 5's public API does not give, the socket's Netty channel and the
 * means to take it over. With it the sink writes frames to the channel and flushes once per pass
 * ({@link FrameWriter}), and Vert.x's two connection objects per socket (10 KiB of an idle connection)
 * become garbage ({@link ChannelSocket}); everything else the sink does with the channel is Netty's public
 * API. {@link VertxChannels} is the only implementation, and the only class of the project that reaches
 * into Vert.x's implementation; when it cannot find what it expects it says so ({@code null}) and the sink
 * keeps Vert.x's {@code ServerWebSocket} ({@link VertxSocket}, public API only, slower and larger).
 */
interface UpgradedChannels {
  /**
   * The channel of {@code ws}, just upgraded, if its pipeline is the one this implementation knows; on the
   * socket's event loop.
   *
   * @param http the HTTP connection that was upgraded to {@code ws}
   * @return the upgraded channel, or null (then keep using {@code ws})
   */
  Upgraded find(ServerWebSocket ws, HttpConnection http);

  /** An upgraded channel still handled by Vert.x, until {@link #replaceWith}. */
  interface Upgraded {
    /** The socket's channel: Netty's WebSocket codec is in its pipeline, with the server's frame size limit. */
    Channel channel();

    /**
     * Puts {@code handler} in the place of Vert.x's handler: from now on it gets the frames, the close and
     * the errors, and Vert.x's connection objects are no longer reachable from the channel.
     */
    void replaceWith(ChannelHandler handler);

    /** Whether {@code event}, a user event on the channel, is the HTTP server telling its connections it shuts down. */
    boolean isShutdown(Object event);

    /**
     * Counts the connection and the WebSocket closed in Vert.x's metrics, which counted them open; once,
     * when the channel has closed.
     */
    void reportClosed();
  }
}
