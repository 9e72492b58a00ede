package dev.eventhub.runtime.auth;

import dev.eventhub.api.HubPrincipal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The claims checks the hub makes itself, before the signature: {@code exp} present (unless the
 * operator allows tokens that never expire) and not past, with the one configured leeway; and the
 * principal a verified token stands for.
 */
final class ClaimsCheck {
  private final JwtSettings settings;

  ClaimsCheck(JwtSettings settings) {
    this.settings = settings;
  }

  /** Why the claims are refused at {@code now}, or null when they pass. */
  String refusal(JsonObject claims, Instant now) {
    Object exp = claims.getValue("exp");
    if (exp == null) {
      return settings.allowNoExpiry() ? null
          : "token has no 'exp': this hub accepts only tokens that expire (auth.jwt.allowNoExpiry is false)";
    }
    if (!(exp instanceof Number n)) {
      return "malformed token: 'exp' is not a number";
    }
    Instant until = acceptedUntil(n.longValue());
    return now.isBefore(until) ? null : "token expired at " + Instant.ofEpochSecond(n.longValue());
  }

  /**
   * The principal of verified claims. Its {@link HubPrincipal#expiresAt()} is the moment the hub stops
   * accepting the token, {@code exp} plus the leeway, so that live connections close when a new
   * request with the same token would be refused, not before.
   */
  HubPrincipal principal(JsonObject claims) {
    Set<String> scopes = new LinkedHashSet<>();
    Object scope = claims.getValue("scope");
    if (scope instanceof String s) {
      for (String part : s.trim().split("\\s+")) {
        if (!part.isEmpty()) {
          scopes.add(part);
        }
      }
    } else if (scope instanceof JsonArray array) {
      array.forEach(item -> scopes.add(String.valueOf(item)));
    }
    Instant expires = claims.getValue("exp") instanceof Number n ? acceptedUntil(n.longValue()) : null;
    String subject = claims.getValue("sub") instanceof String s ? s : "anonymous";
    return new HubPrincipal(subject, scopes, expires);
  }

  private Instant acceptedUntil(long exp) {
    // Saturate: an exp near Long.MAX_VALUE must not overflow into the past.
    long seconds = Math.min(exp, Instant.MAX.getEpochSecond() - settings.leeway().toSeconds());
    return Instant.ofEpochSecond(seconds).plus(settings.leeway());
  }
}
