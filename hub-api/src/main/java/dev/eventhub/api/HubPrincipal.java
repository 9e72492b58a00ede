package dev.eventhub.api;

import java.time.Instant;
import java.util.Set;

/**
 * Who is calling and what their token allows: the verified form of a token's {@code sub}, {@code
 * scope} and {@code exp} claims.
 *
 * <p>A scope is {@code subscribe:<pattern>}, {@code publish:<pattern>} or {@code admin}, where the
 * pattern is a category name or a {@link Glob}. {@code admin} grants administration only, not
 * subscribing or publishing.
 *
 * @param subject the token's subject, or {@code "anonymous"}
 * @param scopes the granted scopes
 * @param expiresAt when the hub stops accepting the token (its {@code exp} plus the hub's configured
 *     leeway, so that live connections end when a new request with it would be refused), or {@code
 *     null} when it does not expire
 */
public record HubPrincipal(String subject, Set<String> scopes, Instant expiresAt) {
  /** The scope that grants administration. */
  public static final String ADMIN = "admin";

  /** Copies the scopes. */
  public HubPrincipal {
    scopes = Set.copyOf(scopes);
  }

  /** A principal allowed everything, used when the operator switched authentication off. */
  public static HubPrincipal unrestricted() {
    return new HubPrincipal("anonymous", Set.of("subscribe:*", "publish:*", ADMIN), null);
  }

  /**
   * Whether the token allows subscribing to (and reading the history of) {@code categoryPattern}, a
   * category name or a glob; see {@link Glob#covers}.
   */
  public boolean canSubscribe(String categoryPattern) {
    return allows("subscribe:", categoryPattern);
  }

  /** Whether the token allows publishing to the category {@code category}. */
  public boolean canPublish(String category) {
    return allows("publish:", category);
  }

  /**
   * Whether the token allows publishing {@code draft}: the one check every publishing path ({@code POST
   * /api/events}, a WebSocket {@code publish} frame, {@link EventPublisher#publishAs}) makes per event.
   * Today it is {@link #canPublish(String)} of the draft's category.
   */
  public boolean canPublish(EventDraft draft) {
    return canPublish(draft.category());
  }

  /** Whether the token grants {@code admin}. */
  public boolean isAdmin() {
    return scopes.contains(ADMIN);
  }

  /** Whether the token has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  private boolean allows(String prefix, String pattern) {
    for (String scope : scopes) {
      if (scope.startsWith(prefix) && Glob.covers(scope.substring(prefix.length()), pattern)) {
        return true;
      }
    }
    return false;
  }
}
