package dev.eventhub.sources.dlq.impl;

import dev.eventhub.kit.config.Durations;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The plugin's settings, {@code plugins.dlq} of {@code conf/hub.json}, with the same defaults as
 * hub-defaults.json for every key that is absent.
 *
 * @param maxEntries the most entries held, parked and resolved together
 * @param resubmitTimeout how long a resubmission waits for its origin's reply
 * @param maxEntryBytes the largest entry accepted, as JSON text
 * @param httpOriginAddresses globs of the event-bus addresses an entry parked over HTTP may name as its origin
 */
public record DlqSettings(int maxEntries, Duration resubmitTimeout, int maxEntryBytes, List<String> httpOriginAddresses) {
  public static final int DEFAULT_MAX_ENTRIES = 100_000;
  public static final Duration DEFAULT_RESUBMIT_TIMEOUT = Duration.ofSeconds(30);
  public static final int DEFAULT_MAX_ENTRY_BYTES = 256 * 1024;
  /** Under the storage's 1 MiB per document, leaving room for the resubmission history. */
  public static final int MAX_ENTRY_BYTES = 900_000;

  /**
   * Reads the section.
   *
   * @throws IllegalArgumentException naming the setting that is wrong
   */
  public static DlqSettings from(JsonObject config) {
    return new DlqSettings(
        integer(config, "maxEntries", DEFAULT_MAX_ENTRIES, 1, 10_000_000),
        duration(config, "resubmitTimeout", DEFAULT_RESUBMIT_TIMEOUT),
        integer(config, "maxEntryBytes", DEFAULT_MAX_ENTRY_BYTES, 1024, MAX_ENTRY_BYTES),
        strings(config, "httpOriginAddresses"));
  }

  private static int integer(JsonObject config, String key, int fallback, int min, int max) {
    Object value = config.getValue(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < min
        || ((Number) value).longValue() > max) {
      throw new IllegalArgumentException(
          "setting 'plugins.dlq." + key + "' must be an integer from " + min + " to " + max + ", got " + value);
    }
    return ((Number) value).intValue();
  }

  private static Duration duration(JsonObject config, String key, Duration fallback) {
    Object value = config.getValue(key);
    if (value == null) {
      return fallback;
    }
    Duration d = Durations.parse(value);
    if (d == null || d.isZero()) {
      throw new IllegalArgumentException("setting 'plugins.dlq." + key
          + "' must be a positive duration such as 500ms, 30s, 5m, got '" + value + "'");
    }
    return d;
  }

  private static List<String> strings(JsonObject config, String key) {
    Object value = config.getValue(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray array)) {
      throw new IllegalArgumentException("setting 'plugins.dlq." + key + "' must be an array of strings");
    }
    List<String> out = new ArrayList<>();
    for (Object item : array) {
      if (!(item instanceof String s) || s.isEmpty()) {
        throw new IllegalArgumentException("setting 'plugins.dlq." + key + "' must hold only non-empty strings, got " + item);
      }
      out.add(s);
    }
    return List.copyOf(out);
  }
}
