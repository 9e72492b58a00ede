package dev.eventhub.sinks.sse;

import dev.eventhub.kit.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The SSE sink's settings, section {@code plugins.sse} of the hub's configuration (docs/sse.md,
 * "Settings"). Immutable.
 *
 * @param path where clients connect: absolute, without a trailing slash
 * @param maxConnections open streams at most; one more is refused with 503
 * @param maxPatternsPerConnection categories, events and keys one stream may name in total (429 past it)
 * @param heartbeat how often a {@code : heartbeat} comment is written to an idle-looking stream
 * @param maxQueuedBytes bytes of live events waiting for one client at most; past it the stream ends as
 *     a slow consumer. Also bounds the live events held back while a replay runs
 */
public record SseSinkOptions(String path, int maxConnections, int maxPatternsPerConnection, Duration heartbeat,
    long maxQueuedBytes) {
  /** The default path, {@code /sse}. */
  public static final String DEFAULT_PATH = "/sse";
  /** The default {@code maxConnections}. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** The default {@code maxPatternsPerConnection}, as the WebSocket sink's. */
  public static final int DEFAULT_MAX_PATTERNS_PER_CONNECTION = 1_000;
  /** The default {@code heartbeat}: below every proxy's idle timeout we know of, and the hub's own 60s. */
  public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
  /** The default {@code maxQueuedBytes}, 1 MiB, as the WebSocket sink's. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 1 << 20;

  /** Checks the values. */
  public SseSinkOptions {
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
      throw new IllegalArgumentException("setting 'plugins.sse.path' must be an absolute path without a trailing slash, "
          + "got '" + path + "'");
    }
  }

  /** The defaults. */
  public SseSinkOptions() {
    this(DEFAULT_PATH, DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_PATTERNS_PER_CONNECTION, DEFAULT_HEARTBEAT,
        DEFAULT_MAX_QUEUED_BYTES);
  }

  /**
   * Reads the plugin's configuration section; absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the first setting that is ill-typed or out of range
   */
  public SseSinkOptions(JsonObject json) {
    this(Settings.of(json, "plugins.sse"));
  }

  private SseSinkOptions(Settings s) {
    this(path(s), s.integer("maxConnections", DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
        s.integer("maxPatternsPerConnection", DEFAULT_MAX_PATTERNS_PER_CONNECTION, 1, Integer.MAX_VALUE),
        s.duration("heartbeat", DEFAULT_HEARTBEAT, Duration.ofMillis(100), Duration.ofHours(1)),
        s.integer("maxQueuedBytes", DEFAULT_MAX_QUEUED_BYTES, 1024L, Long.MAX_VALUE));
  }

  private static String path(Settings s) {
    Object value = s.json().getValue("path");
    if (value == null) {
      return DEFAULT_PATH;
    }
    if (!(value instanceof String p)) {
      throw new IllegalArgumentException("setting 'plugins.sse.path' must be a string, got " + value);
    }
    return p;
  }
}
