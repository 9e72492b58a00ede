package dev.eventhub.sources.dlq.impl;

import dev.eventhub.kit.config.Settings;
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
    Settings settings = Settings.of(config, "plugins.dlq");
    return new DlqSettings(
        settings.integer("maxEntries", DEFAULT_MAX_ENTRIES, 1, 10_000_000),
        settings.duration("resubmitTimeout", DEFAULT_RESUBMIT_TIMEOUT, Duration.ofMillis(1), null),
        settings.integer("maxEntryBytes", DEFAULT_MAX_ENTRY_BYTES, 1024, MAX_ENTRY_BYTES),
        strings(config, "httpOriginAddresses"));
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
