package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.kit.config.Settings;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The plugin's settings, {@code plugins.scheduler} of {@code conf/hub.json}, with the same defaults as
 * hub-defaults.json for every key that is absent.
 *
 * @param minInterval the shortest interval trigger accepted
 * @param misfireThreshold how late a fire may be and still count as on time rather than missed
 * @param defaultMisfire the misfire policy of a schedule that names none
 * @param executionHistory how many executions are kept per schedule
 * @param maxSchedules the most schedules held
 * @param httpTimeout the default timeout of one HTTP attempt
 * @param httpAttempts the default number of HTTP attempts before parking in the dead-letter queue
 * @param httpBackoff the default wait before the second attempt, doubled for each further one
 * @param httpMaxBackoff the longest wait between attempts
 * @param httpMaxResponseBytes how much of an answer's body is read; reading stops beyond it
 * @param dlqAddress the event-bus address where failed HTTP actions are parked
 * @param breakerMaxFailures failures in a row of HTTP actions to one target host that open its circuit breaker
 * @param breakerResetTimeout how long a target's breaker stays open before it lets one attempt through
 */
public record SchedulerSettings(Duration minInterval, Duration misfireThreshold, String defaultMisfire,
    int executionHistory, int maxSchedules, Duration httpTimeout, int httpAttempts, Duration httpBackoff,
    Duration httpMaxBackoff, int httpMaxResponseBytes, String dlqAddress, int breakerMaxFailures,
    Duration breakerResetTimeout) {
  public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MISFIRE_THRESHOLD = Duration.ofSeconds(5);
  public static final String DEFAULT_MISFIRE = Misfire.FIRE_ONCE;
  public static final int DEFAULT_EXECUTION_HISTORY = 20;
  public static final int DEFAULT_MAX_SCHEDULES = 100_000;
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_HTTP_ATTEMPTS = 3;
  public static final Duration DEFAULT_HTTP_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HTTP_MAX_BACKOFF = Duration.ofMinutes(1);
  public static final int DEFAULT_HTTP_MAX_RESPONSE_BYTES = 64 * 1024;
  public static final String DEFAULT_DLQ_ADDRESS = "dlq.park";
  public static final int DEFAULT_BREAKER_MAX_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_RESET_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Reads the section.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static SchedulerSettings from(JsonObject config) {
    String misfire = config.getValue("defaultMisfire", DEFAULT_MISFIRE) instanceof String s ? s : "";
    if (!Misfire.isPolicy(misfire)) {
      throw new IllegalArgumentException("setting 'plugins.scheduler.defaultMisfire' must be fire-once or skip, got '"
          + config.getValue("defaultMisfire") + "'");
    }
    Object dlq = config.getValue("dlqAddress", DEFAULT_DLQ_ADDRESS);
    if (!(dlq instanceof String address) || address.isEmpty()) {
      throw new IllegalArgumentException("setting 'plugins.scheduler.dlqAddress' must be a non-empty string");
    }
    Settings root = Settings.of(config, "plugins.scheduler");
    Settings http = root.section("http");
    Settings breaker = http.section("circuitBreaker");
    Duration positive = Duration.ofMillis(1);
    return new SchedulerSettings(
        root.duration("minInterval", DEFAULT_MIN_INTERVAL, positive, null),
        root.duration("misfireThreshold", DEFAULT_MISFIRE_THRESHOLD, positive, null),
        misfire,
        root.integer("executionHistory", DEFAULT_EXECUTION_HISTORY, 1, 1000),
        root.integer("maxSchedules", DEFAULT_MAX_SCHEDULES, 1, 10_000_000),
        http.duration("timeout", DEFAULT_HTTP_TIMEOUT, positive, null),
        http.integer("attempts", DEFAULT_HTTP_ATTEMPTS, 1, 100),
        http.duration("backoff", DEFAULT_HTTP_BACKOFF, positive, null),
        http.duration("maxBackoff", DEFAULT_HTTP_MAX_BACKOFF, positive, null),
        http.integer("maxResponseBytes", DEFAULT_HTTP_MAX_RESPONSE_BYTES, 0, 16 << 20),
        address,
        breaker.integer("maxFailures", DEFAULT_BREAKER_MAX_FAILURES, 1, 1_000_000),
        breaker.duration("resetTimeout", DEFAULT_BREAKER_RESET_TIMEOUT, positive, Duration.ofDays(1)));
  }
}
