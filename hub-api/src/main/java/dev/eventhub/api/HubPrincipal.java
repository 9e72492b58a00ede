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
 * <p>A <em>per-key grant</em> {@code subscribe:<pattern>/<key glob>} (or {@code publish:}) allows
 * only the events of those categories whose key matches the key glob: everything after the first
 * {@code /} (categories hold no {@code /}; keys may). An event with no key matches no per-key grant.
 * Such a grant never counts as the whole category: {@link #canSubscribe} and {@link #canPublish}
 * ignore it, {@link #mayRead} and {@link #mayPublish} take it into account. Other scopes (an
 * identity provider's {@code openid}, say) grant nothing here and are left alone; a {@code
 * subscribe:} or {@code publish:} scope that does not parse is refused with the token ({@link
 * #scopeError}).
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

  private static final String SUBSCRIBE = "subscribe:";
  private static final String PUBLISH = "publish:";

  /** Copies the scopes. */
  public HubPrincipal {
    scopes = Set.copyOf(scopes);
  }

  /** A principal allowed everything, used when the operator switched authentication off. */
  public static HubPrincipal unrestricted() {
    return new HubPrincipal("anonymous", Set.of("subscribe:*", "publish:*", ADMIN), null);
  }

  /**
   * Whether the token allows subscribing to (and reading the history of) every event of {@code
   * categoryPattern}, a category name or a glob; see {@link Glob#covers}. Per-key grants do not count:
   * see {@link #canReadSomeOf}.
   */
  public boolean canSubscribe(String categoryPattern) {
    return allows(SUBSCRIBE, categoryPattern);
  }

  /** Whether the token allows publishing any event to the category {@code category} (per-key grants do not count). */
  public boolean canPublish(String category) {
    return allows(PUBLISH, category);
  }

  /**
   * Whether some {@code subscribe:} scope, for the whole category or per key, covers {@code
   * categoryPattern}: a subscription or a history read of it may be accepted, each event then shown
   * only when {@link #mayRead} allows it.
   */
  public boolean canReadSomeOf(String categoryPattern) {
    for (String scope : scopes) {
      if (scope.startsWith(SUBSCRIBE)) {
        int slash = scope.indexOf('/', SUBSCRIBE.length());
        String granted = scope.substring(SUBSCRIBE.length(), slash < 0 ? scope.length() : slash);
        if (Glob.covers(granted, categoryPattern)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the token holds a per-key {@code subscribe:} grant: then what it reads must be checked
   * event by event with {@link #mayRead} (unless {@link #canSubscribe} covers the whole request).
   */
  public boolean keyRestricted() {
    for (String scope : scopes) {
      if (scope.startsWith(SUBSCRIBE) && scope.indexOf('/', SUBSCRIBE.length()) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether the token allows reading an event of {@code category} with {@code key} (null when the
   * event has none): a {@code subscribe:} scope for the whole category, or a per-key one whose key glob
   * matches. Allocates nothing: sinks call it for every event of a key-restricted subscriber.
   */
  public boolean mayRead(String category, String key) {
    return allowsEvent(SUBSCRIBE, category, key);
  }

  /** {@link #mayRead(String, String)} of the event's category and key. */
  public boolean mayRead(HubEvent event) {
    return mayRead(event.category(), event.key());
  }

  /**
   * Whether the token allows publishing an event of {@code category} with {@code key} (null for
   * none): a {@code publish:} scope for the whole category, or a per-key one whose key glob matches.
   * Every door that records events checks it (HTTP, WebSocket, MCP); {@link #publishScopeFor} names
   * the scope a refusal needs.
   */
  public boolean mayPublish(String category, String key) {
    return allowsEvent(PUBLISH, category, key);
  }

  /** The narrowest scope that would allow publishing the event: for a refusal's message. */
  public String publishScopeFor(String category, String key) {
    return PUBLISH + category + (key == null ? "" : "/" + key);
  }

  /**
   * Whether the token allows publishing {@code draft}: the one check every publishing path ({@code POST
   * /api/events}, a WebSocket {@code publish} frame, {@link EventPublisher#publishAs}) makes per event.
   * It is {@link #mayPublish(String, String)} of the draft's category and key: per-key grants apply.
   */
  public boolean canPublish(EventDraft draft) {
    return mayPublish(draft.category(), draft.key());
  }

  /** Whether the token grants {@code admin}. */
  public boolean isAdmin() {
    return scopes.contains(ADMIN);
  }

  /** Whether the token has expired at {@code now}. */
  public boolean expiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /**
   * Why {@code scope} is malformed, naming it, or null when it is well formed. Only {@code
   * subscribe:} and {@code publish:} scopes are checked (any other scope grants nothing here): the
   * category part must be a name or glob of {@code [a-z0-9*-]}, at most {@link
   * EventDraft#MAX_NAME_LENGTH} characters; a key glob after the first {@code /}, when there is one,
   * 1 to {@link EventDraft#MAX_KEY_LENGTH} characters.
   */
  public static String scopeError(String scope) {
    String prefix = scope.startsWith(SUBSCRIBE) ? SUBSCRIBE : scope.startsWith(PUBLISH) ? PUBLISH : null;
    if (prefix == null) {
      return null;
    }
    int slash = scope.indexOf('/', prefix.length());
    String category = scope.substring(prefix.length(), slash < 0 ? scope.length() : slash);
    if (category.isEmpty() || category.length() > EventDraft.MAX_NAME_LENGTH || !categoryPattern(category)) {
      return "malformed scope '" + abbreviate(scope) + "': expected " + prefix + "<category or glob of [a-z0-9*-]>"
          + " or " + prefix + "<category>/<key glob>";
    }
    if (slash >= 0 && (slash == scope.length() - 1 || scope.length() - slash - 1 > EventDraft.MAX_KEY_LENGTH)) {
      return "malformed scope '" + abbreviate(scope) + "': the key glob after '/' must be 1 to "
          + EventDraft.MAX_KEY_LENGTH + " characters";
    }
    return null;
  }

  private static boolean categoryPattern(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '*')) {
        return false;
      }
    }
    return true;
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  // Whole-category scopes only: a per-key grant never covers a category pattern.
  private boolean allows(String prefix, String pattern) {
    for (String scope : scopes) {
      if (scope.startsWith(prefix) && scope.indexOf('/', prefix.length()) < 0
          && Glob.covers(scope.substring(prefix.length()), pattern)) {
        return true;
      }
    }
    return false;
  }

  private boolean allowsEvent(String prefix, String category, String key) {
    for (String scope : scopes) {
      if (!scope.startsWith(prefix)) {
        continue;
      }
      int slash = scope.indexOf('/', prefix.length());
      if (slash < 0) {
        if (Glob.matches(scope, prefix.length(), scope.length(), category)) {
          return true;
        }
      } else if (key != null && Glob.matches(scope, prefix.length(), slash, category)
          && Glob.matches(scope, slash + 1, scope.length(), key)) {
        return true;
      }
    }
    return false;
  }
}
