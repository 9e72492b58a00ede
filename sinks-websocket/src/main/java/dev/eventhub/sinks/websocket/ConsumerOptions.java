package dev.eventhub.sinks.websocket;

import dev.eventhub.kit.config.Durations;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The settings of named consumers (issue 20): the section {@code plugins.websocket.consumers}. Every setting
 * is optional; an absent one takes the {@code DEFAULT_*} value below.
 */
public final class ConsumerOptions {
  /** A consumer nobody attached to for this long is removed, its cursor with it. */
  public static final Duration DEFAULT_EXPIRE_AFTER = Duration.ofDays(7);
  /** How often the sink looks for expired consumers. */
  public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(1);
  /** How often acknowledged cursors are written to the store (all consumers' in one pass). */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofSeconds(1);
  /** Events handed to one member and not yet acknowledged (or, under autoAck, not yet written) at most. */
  public static final int DEFAULT_MAX_IN_FLIGHT = 1000;
  /** Named consumers the sink keeps at most, over every subject; a new one beyond it is refused. */
  public static final int DEFAULT_MAX_CONSUMERS = 10_000;

  /** How often the lag series of {@code /metrics} are measured. */
  public static final Duration DEFAULT_LAG_INTERVAL = Duration.ofSeconds(15);
  /** Named consumers with lag series of their own in {@code /metrics} at most: those furthest behind. */
  public static final int DEFAULT_MAX_METRIC_SERIES = 100;

  private final Duration expireAfter;
  private final Duration lagInterval;
  private final int maxMetricSeries;
  private final Duration sweepInterval;
  private final Duration commitInterval;
  private final int maxInFlight;
  private final int maxConsumers;

  /** The defaults. */
  public ConsumerOptions() {
    this(new JsonObject());
  }

  /**
   * Reads the section; absent keys keep their defaults.
   *
   * @throws IllegalArgumentException naming the first setting that is ill-typed or out of range
   */
  public ConsumerOptions(JsonObject json) {
    expireAfter = positive("consumers.expireAfter", json.getValue("expireAfter"), DEFAULT_EXPIRE_AFTER);
    sweepInterval = positive("consumers.sweepInterval", json.getValue("sweepInterval"), DEFAULT_SWEEP_INTERVAL);
    commitInterval = positive("consumers.commitInterval", json.getValue("commitInterval"), DEFAULT_COMMIT_INTERVAL);
    maxInFlight = count("consumers.maxInFlight", json.getValue("maxInFlight"), DEFAULT_MAX_IN_FLIGHT);
    maxConsumers = count("consumers.maxConsumers", json.getValue("maxConsumers"), DEFAULT_MAX_CONSUMERS);
    lagInterval = positive("consumers.lagInterval", json.getValue("lagInterval"), DEFAULT_LAG_INTERVAL);
    maxMetricSeries = count("consumers.maxMetricSeries", json.getValue("maxMetricSeries"), DEFAULT_MAX_METRIC_SERIES);
  }

  public Duration lagInterval() {
    return lagInterval;
  }

  public int maxMetricSeries() {
    return maxMetricSeries;
  }

  public Duration expireAfter() {
    return expireAfter;
  }

  public Duration sweepInterval() {
    return sweepInterval;
  }

  public Duration commitInterval() {
    return commitInterval;
  }

  public int maxInFlight() {
    return maxInFlight;
  }

  public int maxConsumers() {
    return maxConsumers;
  }

  private static Duration positive(String name, Object value, Duration fallback) {
    Duration d = Durations.setting(name, value, fallback);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException("setting '" + name + "' must be positive, got " + value);
    }
    return d;
  }

  private static int count(String name, Object value, int fallback) {
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer n) || n < 1) {
      throw new IllegalArgumentException("setting '" + name + "' must be an integer of at least 1, got " + value);
    }
    return n;
  }
}
