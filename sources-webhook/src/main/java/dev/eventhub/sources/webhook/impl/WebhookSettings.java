package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.config.Settings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The plugin's settings, {@code plugins.webhook} of {@code conf/hub.json}, with the same defaults as
 * hub-defaults.json for every key that is absent. See docs/sources/webhook.md for each.
 *
 * @param maxBodySize the largest inbound webhook body accepted, in bytes
 * @param tolerance how far a Standard Webhooks timestamp may be from now, and how long ids are remembered
 * @param attempts delivery attempts per event before it is parked
 * @param initialBackoff the wait after the first failed attempt, doubled after each further one
 * @param maxBackoff the longest wait between attempts
 * @param jitter the fraction (0 to 1) of each wait that is randomly taken off it
 * @param connectTimeout how long connecting to a target (or waiting for a pooled connection) may take
 * @param idleTimeout how long a target may stay silent during a request
 * @param requestTimeout how long one attempt may take in all, answer body included
 * @param maxConnectionsPerTarget the most connections open to one host and port
 * @param maxQueuedEvents the most events a subscription holds in memory; past it, it reads from the log
 * @param maxQueuedBytes the most bytes of events a subscription holds in memory
 * @param breakerMaxFailures failures in a row that open a target's circuit breaker
 * @param breakerResetTimeout how long a breaker stays open before it lets one attempt through
 * @param dlqAddress where deliveries are parked after their last attempt; {@code null} to drop them
 * @param maxEndpoints the most endpoints created over the API
 * @param maxSubscriptions the most subscriptions
 * @param endpoints the endpoints defined in the configuration
 * @param secretOverlap how long a rotated secret stays valid next to the new one, unless the rotation says
 * @param parallelKeys how many keys of one subscription are delivered at the same time
 * @param attemptsKept how many recent delivery attempts each subscription keeps for the API
 */
public record WebhookSettings(long maxBodySize, Duration tolerance, int attempts, Duration initialBackoff,
    Duration maxBackoff, double jitter, Duration connectTimeout, Duration idleTimeout, Duration requestTimeout,
    int maxConnectionsPerTarget, int maxQueuedEvents, long maxQueuedBytes, int breakerMaxFailures,
    Duration breakerResetTimeout, String dlqAddress, int maxEndpoints, int maxSubscriptions,
    List<Endpoint> endpoints, Duration secretOverlap, int parallelKeys, int attemptsKept) {
  public static final long DEFAULT_MAX_BODY_SIZE = 1 << 20;
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);
  public static final int DEFAULT_ATTEMPTS = 5;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
  public static final double DEFAULT_JITTER = 0.2;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_CONNECTIONS_PER_TARGET = 4;
  public static final int DEFAULT_MAX_QUEUED_EVENTS = 1000;
  public static final long DEFAULT_MAX_QUEUED_BYTES = 4L << 20;
  public static final int DEFAULT_BREAKER_MAX_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_RESET_TIMEOUT = Duration.ofSeconds(30);
  public static final String DEFAULT_DLQ_ADDRESS = "dlq.park";
  public static final int DEFAULT_MAX_ENDPOINTS = 1000;
  public static final int DEFAULT_MAX_SUBSCRIPTIONS = 1000;
  public static final Duration DEFAULT_SECRET_OVERLAP = Duration.ofHours(24);
  public static final Duration MAX_SECRET_OVERLAP = Duration.ofDays(30);
  public static final int DEFAULT_PARALLEL_KEYS = 8;
  public static final int DEFAULT_ATTEMPTS_KEPT = 50;

  public WebhookSettings {
    endpoints = List.copyOf(endpoints);
  }

  /**
   * Reads the section.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static WebhookSettings from(JsonObject config) {
    Settings root = Settings.of(config, "plugins.webhook");
    Settings inbound = root.section("inbound");
    Settings delivery = root.section("delivery");
    Settings breaker = root.section("circuitBreaker");
    WebhookSettings settings = new WebhookSettings(
        inbound.integer("maxBodySize", DEFAULT_MAX_BODY_SIZE, 1024, 64L << 20),
        inbound.duration("tolerance", DEFAULT_TOLERANCE, Duration.ofSeconds(1), Duration.ofDays(1)),
        delivery.integer("attempts", DEFAULT_ATTEMPTS, 1, 100),
        delivery.duration("initialBackoff", DEFAULT_INITIAL_BACKOFF, Duration.ofMillis(1), Duration.ofHours(1)),
        delivery.duration("maxBackoff", DEFAULT_MAX_BACKOFF, Duration.ofMillis(1), Duration.ofDays(1)),
        fraction(delivery, "jitter", DEFAULT_JITTER),
        delivery.duration("connectTimeout", DEFAULT_CONNECT_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(10)),
        delivery.duration("idleTimeout", DEFAULT_IDLE_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(10)),
        delivery.duration("requestTimeout", DEFAULT_REQUEST_TIMEOUT, Duration.ofMillis(1), Duration.ofMinutes(10)),
        delivery.integer("maxConnectionsPerTarget", DEFAULT_MAX_CONNECTIONS_PER_TARGET, 1, 1000),
        delivery.integer("maxQueuedEvents", DEFAULT_MAX_QUEUED_EVENTS, 1, 1_000_000),
        delivery.integer("maxQueuedBytes", DEFAULT_MAX_QUEUED_BYTES, 1024, 1L << 30),
        breaker.integer("maxFailures", DEFAULT_BREAKER_MAX_FAILURES, 1, 1_000_000),
        breaker.duration("resetTimeout", DEFAULT_BREAKER_RESET_TIMEOUT, Duration.ofMillis(1), Duration.ofDays(1)),
        optionalString(root, "dlqAddress", DEFAULT_DLQ_ADDRESS),
        root.integer("maxEndpoints", DEFAULT_MAX_ENDPOINTS, 0, 1_000_000),
        root.integer("maxSubscriptions", DEFAULT_MAX_SUBSCRIPTIONS, 0, 1_000_000),
        endpoints(config.getValue("endpoints")),
        root.duration("secretOverlap", DEFAULT_SECRET_OVERLAP, Duration.ZERO, MAX_SECRET_OVERLAP),
        delivery.integer("parallelKeys", DEFAULT_PARALLEL_KEYS, 1, 256),
        root.integer("attemptsKept", DEFAULT_ATTEMPTS_KEPT, 0, 1000));
    if (settings.maxBackoff.compareTo(settings.initialBackoff) < 0) {
      throw new IllegalArgumentException("setting 'plugins.webhook.delivery.maxBackoff' must not be shorter than "
          + "'plugins.webhook.delivery.initialBackoff'");
    }
    return settings;
  }

  /**
   * The wait before the attempt after {@code failedAttempts} failed ones: the initial backoff doubled
   * per failed attempt after the first, at most the maximum, less a random part of at most {@code
   * jitter} of it.
   */
  long backoffMillis(int failedAttempts, double random) {
    long base = initialBackoff.toMillis() << Math.min(Math.max(failedAttempts - 1, 0), 30);
    long capped = Math.min(base < 0 ? Long.MAX_VALUE : base, maxBackoff.toMillis());
    return Math.max(1, capped - (long) (capped * jitter * random));
  }

  private static List<Endpoint> endpoints(Object value) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("setting 'plugins.webhook.endpoints' must be an array of endpoint objects");
    }
    List<Endpoint> out = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String where = "setting 'plugins.webhook.endpoints[" + i + "]'";
      if (!(array.getValue(i) instanceof JsonObject json)) {
        throw new IllegalArgumentException(where + " must be an endpoint object");
      }
      try {
        Endpoint endpoint = Endpoint.parse(json, true, 0);
        if (!ids.add(endpoint.id())) {
          throw new IllegalArgumentException(where + ": endpoint id '" + endpoint.id() + "' is defined twice");
        }
        out.add(endpoint);
      } catch (HubException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage());
      }
    }
    return out;
  }

  private static double fraction(Settings settings, String key, double fallback) {
    Object value = settings.json().getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 1) {
      throw new IllegalArgumentException("setting '" + settings.name(key) + "' must be a number from 0 to 1, got "
          + value);
    }
    return n.doubleValue();
  }

  private static String optionalString(Settings settings, String key, String fallback) {
    if (!settings.json().containsKey(key)) {
      return fallback;
    }
    Object value = settings.json().getValue(key);
    if (value == null || "".equals(value)) {
      return null;
    }
    if (!(value instanceof String s) || s.length() > 256) {
      throw new IllegalArgumentException("setting '" + settings.name(key) + "' must be a string or null");
    }
    return s;
  }
}
