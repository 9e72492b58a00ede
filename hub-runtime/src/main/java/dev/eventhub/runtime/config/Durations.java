package dev.eventhub.runtime.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations of the configuration: a number of milliseconds, or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
public final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  private Durations() {}

  /** Parses {@code value} (a Number or a String) for the setting {@code name}. */
  public static Duration parse(String name, Object value) {
    if (value instanceof Number n) {
      return Duration.ofMillis(n.longValue());
    }
    if (value instanceof String s) {
      Matcher m = TEXT.matcher(s.trim());
      if (m.matches()) {
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      }
    }
    throw new ConfigException(
        "setting '" + name + "' must be a duration such as 500ms, 30s, 5m, 2h or 7d, got '" + value + "'");
  }
}
