package dev.eventhub.kit.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the hub's configuration writes them: a whole number of milliseconds ({@code 1500}),
 * or a whole number and a unit, {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 * ({@code "500ms"}, {@code "30s"}, {@code "5m"}, {@code "2h"}, {@code "7d"}; blanks around and
 * between are allowed). Negative, fractional and unit-less text values are not durations.
 *
 * <p>Ranges (at least 1ms, at most a day) are the caller's to check: what is sensible differs per
 * setting. Stateless and thread-safe.
 */
public final class Durations {
  private static final Pattern TEXT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d)");

  private Durations() {}

  /**
   * The duration {@code value} holds.
   *
   * @param value a JSON value: an integral {@link Number} of milliseconds, or a {@link String}
   * @return the duration, or {@code null} when {@code value} is not one (including {@code null})
   */
  public static Duration parse(Object value) {
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

  /**
   * The duration of a setting.
   *
   * @param name the setting's name, for the error message (e.g. {@code heartbeatInterval})
   * @param value the setting's value as read from the configuration; {@code null} when absent
   * @param fallback what an absent setting means
   * @return the duration, or {@code fallback} when {@code value} is {@code null}
   * @throws IllegalArgumentException naming the setting, when {@code value} is not a duration (a
   *     plugin's {@code validate} lets it through: the hub reports it and does not start the plugin)
   */
  public static Duration setting(String name, Object value, Duration fallback) {
    if (value == null) {
      return fallback;
    }
    Duration d = parse(value);
    if (d == null) {
      throw new IllegalArgumentException("setting '" + name + "' must be a duration such as 500ms, 30s, 5m, 2h or 7d,"
          + " or a number of milliseconds, got '" + value + "'");
    }
    return d;
  }
}
