package dev.eventhub.sinks.mcp;

import dev.eventhub.kit.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the MCP sink: the section {@code plugins.mcp} of {@code conf/hub.json}, documented in
 * docs/configuration.md and docs/mcp.md. Every setting is optional; an absent one takes the {@code
 * DEFAULT_*} value below, the value the distribution's {@code conf/hub.json} ships.
 *
 * @param path where MCP clients connect (Streamable HTTP)
 * @param maxSessions open sessions the sink holds at most; the next {@code initialize} is answered 503
 * @param maxSessionsPerToken open sessions one token holds at most; the next {@code initialize} is
 *     answered 429
 * @param sessionIdleTimeout a session no request used for this long is ended
 * @param maxRequestBytes the largest request body; a larger one is answered 413 unread
 * @param maxConcurrentWaits {@code wait_for_events} calls waiting at once in the whole sink
 * @param maxWaitsPerSession {@code wait_for_events} calls waiting at once in one session
 * @param maxSubscriptionsPerSession resources one session subscribes to at most
 * @param maxResultEvents the most events one tool result or resource holds (and the largest {@code limit})
 * @param maxResultBytes the most bytes of events one tool result holds (one event at least)
 * @param notificationInterval the least time between two {@code notifications/resources/updated} of one
 *     resource to one session: updates in between are folded into the next
 * @param keepAliveInterval how often an open SSE stream (a session's stream, a long wait) gets a comment
 *     line, so that the hub's {@code http.idleTimeout} and proxies do not close it
 * @param allowedOrigins origins allowed besides the hub's own (exact origins or globs, {@code *} for
 *     every one); a request without {@code Origin} (not from a browser) is always allowed
 */
public record McpSinkOptions(String path, int maxSessions, int maxSessionsPerToken, Duration sessionIdleTimeout,
    int maxRequestBytes, int maxConcurrentWaits, int maxWaitsPerSession, int maxSubscriptionsPerSession,
    int maxResultEvents, int maxResultBytes, Duration notificationInterval, Duration keepAliveInterval,
    List<String> allowedOrigins) {
  public static final String DEFAULT_PATH = "/mcp";
  public static final int DEFAULT_MAX_SESSIONS = 1000;
  public static final int DEFAULT_MAX_SESSIONS_PER_TOKEN = 10;
  public static final Duration DEFAULT_SESSION_IDLE_TIMEOUT = Duration.ofMinutes(30);
  public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
  public static final int DEFAULT_MAX_CONCURRENT_WAITS = 1000;
  public static final int DEFAULT_MAX_WAITS_PER_SESSION = 4;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION = 100;
  public static final int DEFAULT_MAX_RESULT_EVENTS = 100;
  public static final int DEFAULT_MAX_RESULT_BYTES = 256 * 1024;
  public static final Duration DEFAULT_NOTIFICATION_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(15);

  /** Copies the list. */
  public McpSinkOptions {
    allowedOrigins = List.copyOf(allowedOrigins);
  }

  /** The defaults. */
  public static McpSinkOptions defaults() {
    return from(new JsonObject());
  }

  /**
   * Reads the plugin's configuration section; absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the first setting that is ill-typed or out of range
   */
  public static McpSinkOptions from(JsonObject json) {
    Settings s = Settings.of(json, "plugins.mcp");
    return new McpSinkOptions(
        path(json.getValue("path")),
        s.integer("maxSessions", DEFAULT_MAX_SESSIONS, 1, 1_000_000),
        s.integer("maxSessionsPerToken", DEFAULT_MAX_SESSIONS_PER_TOKEN, 1, 1_000_000),
        s.duration("sessionIdleTimeout", DEFAULT_SESSION_IDLE_TIMEOUT, Duration.ofSeconds(1), Duration.ofDays(1)),
        s.integer("maxRequestBytes", DEFAULT_MAX_REQUEST_BYTES, 1024, 64 << 20),
        s.integer("maxConcurrentWaits", DEFAULT_MAX_CONCURRENT_WAITS, 1, 1_000_000),
        s.integer("maxWaitsPerSession", DEFAULT_MAX_WAITS_PER_SESSION, 1, 10_000),
        s.integer("maxSubscriptionsPerSession", DEFAULT_MAX_SUBSCRIPTIONS_PER_SESSION, 1, 100_000),
        s.integer("maxResultEvents", DEFAULT_MAX_RESULT_EVENTS, 1, 1000),
        s.integer("maxResultBytes", DEFAULT_MAX_RESULT_BYTES, 1024, 64 << 20),
        s.duration("notificationInterval", DEFAULT_NOTIFICATION_INTERVAL, Duration.ofMillis(10), Duration.ofHours(1)),
        s.duration("keepAliveInterval", DEFAULT_KEEP_ALIVE_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1)),
        origins(json.getValue("allowedOrigins")));
  }

  private static String path(Object value) {
    if (value == null) {
      return DEFAULT_PATH;
    }
    if (!(value instanceof String p) || !p.startsWith("/") || p.length() < 2 || p.endsWith("/")) {
      throw new IllegalArgumentException("setting 'plugins.mcp.path' must be an absolute path without a trailing "
          + "slash, got '" + value + "'");
    }
    return p;
  }

  private static List<String> origins(Object value) {
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      for (Object item : array) {
        if (!(item instanceof String s) || s.isBlank()) {
          out = null;
          break;
        }
        out.add(s);
      }
      if (out != null) {
        return out;
      }
    }
    throw new IllegalArgumentException("setting 'plugins.mcp.allowedOrigins' must be a list of origins, got " + value);
  }
}
