package dev.eventhub.runtime.auth;

import dev.eventhub.api.HubPrincipal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The claims checks the hub makes itself, before the signature: {@code exp} present (unless the
 * operator allows tokens that never expire) and not past, with the one configured leeway, and every
 * {@code subscribe:} and {@code publish:} scope well formed; and the principal a verified token
 * stands for.
 */
final class ClaimsCheck {
  private static final String[] TIME_CLAIMS = {"exp", "nbf", "iat"};

  private final JwtSettings settings;

  ClaimsCheck(JwtSettings settings) {
    this.settings = settings;
  }

  /** Why the claims are refused at {@code now}, or null when they pass. */
  String refusal(JsonObject claims, Instant now) {
    // The JWT library casts these to numbers and throws when they are anything else: refused here first.
    for (String time : TIME_CLAIMS) {
      if (claims.containsKey(time) && !(claims.getValue(time) instanceof Number)) {
        return "malformed token: '" + time + "' must be a number";
      }
    }
    // Compared as doubles: any number may arrive, and the library reads an nbf of 2^64 as 0.
    if (claims.getValue("nbf") instanceof Number nbf
        && nbf.doubleValue() - settings.leeway().toSeconds() > now.getEpochSecond()) {
      return "token not valid before 'nbf' " + nbf;
    }
    // A scope that does not parse is refused rather than ignored: its holder meant to be granted something.
    for (String scope : scopes(claims)) {
      String malformed = HubPrincipal.scopeError(scope);
      if (malformed != null) {
        return malformed + " in the token";
      }
    }
    Object exp = claims.getValue("exp");
    if (exp == null) {
      return settings.allowNoExpiry() ? null
          : "token has no 'exp': this hub accepts only tokens that expire (auth.jwt.allowNoExpiry is false)";
    }
    double seconds = ((Number) exp).doubleValue();
    if (seconds > Instant.MAX.getEpochSecond()) {
      return "malformed token: 'exp' " + exp + " is past any date";
    }
    if (seconds < Instant.MIN.getEpochSecond()) {
      return "token expired at 'exp' " + exp;
    }
    Instant until = acceptedUntil(((Number) exp).longValue());
    return now.isBefore(until) ? null : "token expired at " + Instant.ofEpochSecond(((Number) exp).longValue());
  }

  /**
   * The principal of verified claims. Its {@link HubPrincipal#expiresAt()} is the moment the hub stops
   * accepting the token, {@code exp} plus the leeway, so that live connections close when a new
   * request with the same token would be refused, not before.
   */
  HubPrincipal principal(JsonObject claims) {
    Instant expires = claims.getValue("exp") instanceof Number n ? acceptedUntil(n.longValue()) : null;
    String subject = claims.getValue("sub") instanceof String s ? s : "anonymous";
    return new HubPrincipal(subject, scopes(claims), expires);
  }

  private static Set<String> scopes(JsonObject claims) {
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
    return scopes;
  }

  private Instant acceptedUntil(long exp) {
    // Saturate: an exp near Long.MAX_VALUE must not overflow into the past.
    long seconds = Math.max(Instant.MIN.getEpochSecond(),
        Math.min(exp, Instant.MAX.getEpochSecond() - settings.leeway().toSeconds()));
    return Instant.ofEpochSecond(seconds).plus(settings.leeway());
  }
}
