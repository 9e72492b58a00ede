package dev.eventhub.kit.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Typed reads of one object of a plugin's settings (its section of conf/hub.json, {@code
 * PluginContext.config()}, or an object inside it). An absent key (missing or JSON {@code null})
 * takes the fallback given; a value of the wrong type or out of range throws an {@link
 * IllegalArgumentException} naming the setting by its full path, e.g. {@code setting
 * 'plugins.dlq.maxEntries' must be an integer from 1 to 10000000, got 0}: thrown from a plugin's
 * {@code validate}, the hub reports it and does not start the plugin.
 *
 * <pre>{@code
 * Settings root = Settings.of(config, "plugins.heartbeat");
 * int count = root.integer("count", 10, 1, 1000);
 * Duration every = root.section("timer").duration("every", Duration.ofSeconds(5), Duration.ofMillis(100), null);
 * }</pre>
 *
 * <p>Immutable and thread-safe (as long as the JSON object is not changed meanwhile).
 */
public final class Settings {
  private final JsonObject json;
  private final String path;

  private Settings(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /**
   * The settings in {@code config}.
   *
   * @param config the settings; {@code null} is an empty object
   * @param path where {@code config} stands in the configuration, for messages (e.g. {@code
   *     plugins.dlq})
   */
  public static Settings of(JsonObject config, String path) {
    return new Settings(config == null ? new JsonObject() : config, path);
  }

  /** The object these settings read. */
  public JsonObject json() {
    return json;
  }

  /** Where these settings stand in the configuration, e.g. {@code plugins.dlq}. */
  public String path() {
    return path;
  }

  /** The full name of the setting {@code key}, as messages give it: {@code <path>.<key>}. */
  public String name(String key) {
    return path + "." + key;
  }

  /**
   * The object at {@code key}, as settings of their own (an empty one when absent).
   *
   * @throws IllegalArgumentException when the value is not a JSON object
   */
  public Settings section(String key) {
    Object value = json.getValue(key);
    if (value != null && !(value instanceof JsonObject)) {
      throw new IllegalArgumentException("setting '" + name(key) + "' must be an object");
    }
    return new Settings(value == null ? new JsonObject() : (JsonObject) value, name(key));
  }

  /**
   * An integer from {@code min} to {@code max}; {@code fallback} when absent.
   *
   * @throws IllegalArgumentException when the value is not an integer in that range
   */
  public int integer(String key, int fallback, int min, int max) {
    return (int) integer(key, (long) fallback, min, max);
  }

  /**
   * An integer from {@code min} to {@code max}; {@code fallback} when absent.
   *
   * @throws IllegalArgumentException when the value is not an integer in that range
   */
  public long integer(String key, long fallback, long min, long max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw new IllegalArgumentException(
          "setting '" + name(key) + "' must be an integer from " + min + " to " + max + ", got " + value);
    }
    return ((Number) value).longValue();
  }

  /**
   * A duration as {@link Durations#parse} reads them, from {@code min} to {@code max}; {@code
   * fallback} when absent.
   *
   * @param max the longest accepted; {@code null} for no limit
   * @throws IllegalArgumentException when the value is not a duration in that range
   */
  public Duration duration(String key, Duration fallback, Duration min, Duration max) {
    Object value = json.getValue(key);
    if (value == null) {
      return fallback;
    }
    Duration d = Durations.parse(value);
    if (d == null || d.compareTo(min) < 0 || (max != null && d.compareTo(max) > 0)) {
      throw new IllegalArgumentException("setting '" + name(key) + "' must be a duration such as 500ms, 30s or 5m, "
          + (max == null ? "of at least " + min.toMillis() + "ms" : "from " + min.toMillis() + "ms to "
          + max.toMillis() + "ms") + ", got '" + value + "'");
    }
    return d;
  }
}
