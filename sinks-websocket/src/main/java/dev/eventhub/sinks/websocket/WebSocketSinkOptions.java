package dev.eventhub.sinks.websocket;

import dev.eventhub.kit.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of the WebSocket sink: the section {@code plugins.websocket} of {@code conf/hub.json}.
 * Every setting is optional; an absent one takes the {@code DEFAULT_*} value below, the same value
 * that the distribution's {@code conf/hub.json} ships.
 *
 * <p>Durations are a number of milliseconds or a text such as {@code 500ms}, {@code 30s}, {@code
 * 5m}, {@code 2h}, {@code 7d}.
 */
public final class WebSocketSinkOptions {
  /** Where clients upgrade. */
  public static final String DEFAULT_PATH = "/ws";
  /** Open connections the sink holds at most; the next upgrade is answered 503. */
  public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
  /** Subscriptions one connection holds at most. */
  public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
  /**
   * Entries of {@code categories}, {@code events} and {@code keys} that one connection's subscriptions
   * hold in total: each event is matched against them, so they bound a connection's cost per event.
   */
  public static final int DEFAULT_MAX_PATTERNS_PER_CONNECTION = 1_000;
  /**
   * The largest message a client may send, in bytes; a larger one closes the connection with 1009. The
   * hub's HTTP server takes it as its WebSocket frame and message limit, so a larger frame is refused
   * from its header, before its payload is read.
   */
  public static final int DEFAULT_MAX_FRAME_SIZE = 65_536;
  /** The most {@code maxFrameSize} may be: the hub's HTTP server takes no larger WebSocket frame limit. */
  public static final int MAX_FRAME_SIZE_LIMIT = 1 << 20;
  /**
   * Messages and pings a client may send per second (a token bucket of this size); more are dropped
   * unread, a run of dropped messages answered by one {@code rate_limited} error.
   */
  public static final int DEFAULT_MAX_MESSAGES_PER_SECOND = 100;
  /** How often the hub pings each connection; two unanswered intervals close it. */
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(30);
  /** Bytes of events waiting for one connection at most; past it the connection is closed with 4008. */
  public static final long DEFAULT_MAX_QUEUED_BYTES = 1 << 20;
  /**
   * Origins allowed to upgrade besides the hub's own (always allowed): exact origins or globs; {@code *}
   * allows every origin. None by default: same-origin only.
   */
  public static final List<String> DEFAULT_ALLOWED_ORIGINS = List.of();
  /**
   * Whether the hub's HTTP server negotiates permessage-deflate (RFC 7692) with clients that offer it.
   * Off by default: each connection then costs a deflater and every event is compressed once per
   * connection (docs/performance.md). The hub's server reads it, as it reads {@code maxFrameSize}.
   */
  public static final boolean DEFAULT_COMPRESSION = false;
  /**
   * {@code publish} frames of one connection being recorded at once; one more is answered by a {@code
   * rate_limited} error naming this setting. Bounds what a fast publisher holds in the hub: at most this
   * many frames of at most {@code maxFrameSize} bytes each (issue 24).
   */
  public static final int DEFAULT_MAX_PUBLISHES_IN_FLIGHT = 100;


  private String path = DEFAULT_PATH;
  private int maxConnections = DEFAULT_MAX_CONNECTIONS;
  private int maxSubscriptionsPerConnection = DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION;
  private int maxPatternsPerConnection = DEFAULT_MAX_PATTERNS_PER_CONNECTION;
  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private int maxMessagesPerSecond = DEFAULT_MAX_MESSAGES_PER_SECOND;
  private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
  private long maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES;
  private List<String> allowedOrigins = DEFAULT_ALLOWED_ORIGINS;
  private boolean compression = DEFAULT_COMPRESSION;
  private int maxPublishesInFlight = DEFAULT_MAX_PUBLISHES_IN_FLIGHT;
  // Issue 20: named consumers' settings, the section 'consumers'.
  private ConsumerOptions consumers = new ConsumerOptions();

  /** The defaults. */
  public WebSocketSinkOptions() {}

  /**
   * Reads the plugin's configuration section; absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the first setting that is ill-typed or out of range
   */
  public WebSocketSinkOptions(JsonObject json) {
    setPath(string(json, "path", DEFAULT_PATH));
    setMaxConnections(integer(json, "maxConnections", DEFAULT_MAX_CONNECTIONS));
    setMaxSubscriptionsPerConnection(integer(json, "maxSubscriptionsPerConnection",
        DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION));
    setMaxPatternsPerConnection(integer(json, "maxPatternsPerConnection", DEFAULT_MAX_PATTERNS_PER_CONNECTION));
    setMaxFrameSize(integer(json, "maxFrameSize", DEFAULT_MAX_FRAME_SIZE));
    setMaxMessagesPerSecond(integer(json, "maxMessagesPerSecond", DEFAULT_MAX_MESSAGES_PER_SECOND));
    setHeartbeatInterval(duration(json, "heartbeatInterval", DEFAULT_HEARTBEAT_INTERVAL));
    setMaxQueuedBytes(integer(json, "maxQueuedBytes", DEFAULT_MAX_QUEUED_BYTES));
    setAllowedOrigins(strings(json, "allowedOrigins", DEFAULT_ALLOWED_ORIGINS));
    setCompression(bool(json, "compression", DEFAULT_COMPRESSION));
    setMaxPublishesInFlight(integer(json, "maxPublishesInFlight", DEFAULT_MAX_PUBLISHES_IN_FLIGHT));
    Object section = json.getValue("consumers");
    if (section != null && !(section instanceof JsonObject)) {
      throw new IllegalArgumentException("setting 'consumers' must be an object, got " + section);
    }
    consumers = new ConsumerOptions(section == null ? new JsonObject() : (JsonObject) section);
  }

  /** The settings of named consumers ({@code consumers.*}). */
  public ConsumerOptions consumers() {
    return consumers;
  }

  public WebSocketSinkOptions setConsumers(ConsumerOptions consumers) {
    this.consumers = consumers;
    return this;
  }

  public String path() {
    return path;
  }

  /** Sets the upgrade path: absolute, without a trailing slash. */
  public WebSocketSinkOptions setPath(String path) {
    if (path == null || !path.startsWith("/") || path.length() < 2 || path.endsWith("/")) {
      throw new IllegalArgumentException("setting 'path' must be an absolute path without a trailing slash, got '"
          + path + "'");
    }
    this.path = path;
    return this;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public WebSocketSinkOptions setMaxConnections(int maxConnections) {
    this.maxConnections = (int) positive("maxConnections", maxConnections);
    return this;
  }

  public int maxSubscriptionsPerConnection() {
    return maxSubscriptionsPerConnection;
  }

  public WebSocketSinkOptions setMaxSubscriptionsPerConnection(int max) {
    this.maxSubscriptionsPerConnection = (int) positive("maxSubscriptionsPerConnection", max);
    return this;
  }

  public int maxPatternsPerConnection() {
    return maxPatternsPerConnection;
  }

  public WebSocketSinkOptions setMaxPatternsPerConnection(int max) {
    this.maxPatternsPerConnection = (int) positive("maxPatternsPerConnection", max);
    return this;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Sets the largest client message in bytes, 1 to {@link #MAX_FRAME_SIZE_LIMIT}. */
  public WebSocketSinkOptions setMaxFrameSize(int maxFrameSize) {
    if (maxFrameSize < 1 || maxFrameSize > MAX_FRAME_SIZE_LIMIT) {
      throw new IllegalArgumentException("setting 'maxFrameSize' must be 1 to " + MAX_FRAME_SIZE_LIMIT + ", got "
          + maxFrameSize);
    }
    this.maxFrameSize = maxFrameSize;
    return this;
  }

  public int maxMessagesPerSecond() {
    return maxMessagesPerSecond;
  }

  public WebSocketSinkOptions setMaxMessagesPerSecond(int max) {
    this.maxMessagesPerSecond = (int) positive("maxMessagesPerSecond", max);
    return this;
  }

  public Duration heartbeatInterval() {
    return heartbeatInterval;
  }

  public WebSocketSinkOptions setHeartbeatInterval(Duration interval) {
    if (interval == null || interval.toMillis() < 1) {
      throw new IllegalArgumentException("setting 'heartbeatInterval' must be at least 1ms, got " + interval);
    }
    this.heartbeatInterval = interval;
    return this;
  }

  public long maxQueuedBytes() {
    return maxQueuedBytes;
  }

  public WebSocketSinkOptions setMaxQueuedBytes(long maxQueuedBytes) {
    this.maxQueuedBytes = positive("maxQueuedBytes", maxQueuedBytes);
    return this;
  }

  public List<String> allowedOrigins() {
    return allowedOrigins;
  }

  /**
   * Sets the origins allowed besides the hub's own: exact values such as {@code https://app.example.com},
   * or globs.
   */
  public WebSocketSinkOptions setAllowedOrigins(List<String> origins) {
    if (origins == null || origins.stream().anyMatch(o -> o == null || o.isBlank())) {
      throw new IllegalArgumentException("setting 'allowedOrigins' must be a list of origins");
    }
    this.allowedOrigins = List.copyOf(origins);
    return this;
  }

  public boolean compression() {
    return compression;
  }

  /** Sets whether permessage-deflate is negotiated with clients that offer it (read by the hub at start). */
  public WebSocketSinkOptions setCompression(boolean compression) {
    this.compression = compression;
    return this;
  }

  public int maxPublishesInFlight() {
    return maxPublishesInFlight;
  }

  /** Sets how many {@code publish} frames of one connection may be under way at once, at least 1. */
  public WebSocketSinkOptions setMaxPublishesInFlight(int max) {
    this.maxPublishesInFlight = (int) positive("maxPublishesInFlight", max);
    return this;
  }

  private static boolean bool(JsonObject json, String name, boolean fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new IllegalArgumentException("setting '" + name + "' must be true or false, got " + value);
    }
    return b;
  }

  private static long positive(String name, long value) {
    if (value < 1) {
      throw new IllegalArgumentException("setting '" + name + "' must be at least 1, got " + value);
    }
    return value;
  }

  private static String string(JsonObject json, String name, String fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s)) {
      throw new IllegalArgumentException("setting '" + name + "' must be a string, got " + value);
    }
    return s;
  }

  private static long integer(JsonObject json, String name, long fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long)) {
      throw new IllegalArgumentException("setting '" + name + "' must be an integer, got " + value);
    }
    return ((Number) value).longValue();
  }

  private static int integer(JsonObject json, String name, int fallback) {
    long n = integer(json, name, (long) fallback);
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("setting '" + name + "' is too large: " + n);
    }
    return (int) n;
  }

  private static Duration duration(JsonObject json, String name, Duration fallback) {
    return Durations.setting(name, json.getValue(name), fallback);
  }

  private static List<String> strings(JsonObject json, String name, List<String> fallback) {
    Object value = json.getValue(name);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("setting '" + name + "' must be a list of strings, got " + value);
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException("setting '" + name + "' must be a list of strings, got " + value);
      }
      out.add(s);
    }
    return out;
  }
}
