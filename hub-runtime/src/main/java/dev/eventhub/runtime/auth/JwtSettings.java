package dev.eventhub.runtime.auth;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import java.time.Duration;

/**
 * The {@code auth.jwt} settings that govern verification and issuing, checked once at start.
 *
 * @param algorithm HS256, RS256 or ES256
 * @param leeway how long after its {@code exp} a token is still accepted, everywhere (HTTP, WebSocket
 *     upgrade, the WebSocket sink's live expiry)
 * @param allowNoExpiry whether tokens without {@code exp} are accepted
 * @param maxTokenTtl the longest lifetime {@code bin/hub token} issues
 * @param issuer the required {@code iss}, or null
 * @param audience the required {@code aud}, or null
 */
record JwtSettings(String algorithm, Duration leeway, boolean allowNoExpiry, Duration maxTokenTtl, String issuer,
    String audience) {
  /** The longest leeway a setting may ask for: clocks are minutes apart at worst, not hours. */
  static final Duration MAX_LEEWAY = Duration.ofMinutes(5);

  static JwtSettings of(HubConfig config) {
    String algorithm = config.string("auth.jwt.algorithm");
    if (!"HS256".equals(algorithm) && !"RS256".equals(algorithm) && !"ES256".equals(algorithm)) {
      throw new ConfigException("setting 'auth.jwt.algorithm' must be HS256, RS256 or ES256, got '" + algorithm + "'");
    }
    Duration leeway = config.duration("auth.jwt.leeway");
    if (leeway.isNegative() || leeway.compareTo(MAX_LEEWAY) > 0 || leeway.toMillis() % 1000 != 0) {
      throw new ConfigException("setting 'auth.jwt.leeway' must be whole seconds from 0s to 5m, got " + leeway);
    }
    Duration maxTtl = config.duration("auth.jwt.maxTokenTtl");
    if (maxTtl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new ConfigException("setting 'auth.jwt.maxTokenTtl' must be at least 1s, got " + maxTtl);
    }
    return new JwtSettings(algorithm, leeway, config.bool("auth.jwt.allowNoExpiry"), maxTtl,
        blankToNull(config.string("auth.jwt.issuer")), blankToNull(config.string("auth.jwt.audience")));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
