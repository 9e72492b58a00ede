package dev.eventhub.sources.webhook.impl;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as the hub's configuration writes them: milliseconds, or {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 7d}. */
final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or {@code null} when {@code value} is not one. */
  static Duration parse(Object value) {
    if (value instanceof Number n && !(value instanceof Double || value instanceof Float) && n.longValue() >= 0) {
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
    return null;
  }
}
