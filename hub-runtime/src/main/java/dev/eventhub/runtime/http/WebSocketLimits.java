package dev.eventhub.runtime.http;

import dev.eventhub.runtime.config.HubConfig;

/** What the HTTP server's WebSocket upgrade takes from the WebSocket sink's settings. */
public final class WebSocketLimits {
  private static final String FRAME_SETTING = "plugins.websocket.maxFrameSize";
  private static final String COMPRESSION_SETTING = "plugins.websocket.compression";
  private static final int DEFAULT_MESSAGE = 65_536;
  private static final int MAX_MESSAGE = 1 << 20;

  private WebSocketLimits() {}

  /**
   * The largest WebSocket frame (and message) the server takes: the WebSocket sink's {@code maxFrameSize},
   * so that Netty's decoder refuses a larger frame from its header (close 1009) instead of assembling up to
   * a fixed 1 MiB for the sink to refuse afterwards. The sink is the only WebSocket endpoint; its section
   * is in the hub's defaults. A value the sink would refuse (it then reports it and does not start) leaves
   * the default.
   */
  public static int messageLimit(HubConfig config) {
    Object value = config.value(FRAME_SETTING);
    if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= 1
        && ((Number) value).longValue() <= MAX_MESSAGE) {
      return ((Number) value).intValue();
    }
    return DEFAULT_MESSAGE;
  }

  /**
   * Whether the server negotiates permessage-deflate (RFC 7692) with WebSocket clients that offer it: the
   * WebSocket sink's {@code compression}, off by default. Like {@code maxFrameSize}, a value the sink would
   * refuse (not a boolean) leaves the default.
   */
  public static boolean compression(HubConfig config) {
    return Boolean.TRUE.equals(config.value(COMPRESSION_SETTING));
  }
}
