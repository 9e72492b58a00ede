package dev.eventhub.kit.auth;

import dev.eventhub.api.HubPrincipal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who created a piece of delegated work (a schedule, a subscription) and what their token allowed
 * then: stored with the work and checked each time it runs, so that the work never does more than
 * its creator could have done directly.
 *
 * <p>A record stored before grants were recorded, or one that cannot be read, is {@link #NONE}: it
 * allows nothing (fail closed), and its owner must create or replace it again.
 *
 * @param subject the token's subject; null for {@link #NONE}
 * @param scopes the token's scopes when the work was created or last replaced
 */
public record Grant(String subject, Set<String> scopes) {
  /** No recorded grant: allows nothing. */
  public static final Grant NONE = new Grant(null, Set.of());
  /** The scope that lets a token have the hub make HTTP calls on its behalf (besides {@code admin}). */
  public static final String SCHEDULE_HTTP = "schedule:http";

  private static final int MAX_SCOPES = 1000;
  private static final int MAX_LENGTH = 1024;

  /** Copies the scopes, sorted so that a stored grant reads the same every time. */
  public Grant {
    scopes = Set.copyOf(new TreeSet<>(scopes));
  }

  /** The grant of a verified caller. */
  public static Grant of(HubPrincipal principal) {
    return new Grant(principal.subject(), principal.scopes());
  }

  /** Whether a grant was recorded at all ({@code false} for {@link #NONE}). */
  public boolean recorded() {
    return subject != null;
  }

  /** Whether the grant allows reading {@code categoryPattern}; see {@link HubPrincipal#canSubscribe}. */
  public boolean canSubscribe(String categoryPattern) {
    return principal().canSubscribe(categoryPattern);
  }

  /**
   * Whether the grant allows reading an event of {@code category} with {@code key} (per-key grants
   * included); see {@link HubPrincipal#mayRead(String, String)}. The check for each event the work hands on.
   */
  public boolean mayRead(String category, String key) {
    return principal().mayRead(category, key);
  }

  /** Whether some grant, whole-category or per key, covers {@code categoryPattern}; see {@link HubPrincipal#canReadSomeOf}. */
  public boolean canReadSomeOf(String categoryPattern) {
    return principal().canReadSomeOf(categoryPattern);
  }

  /** Whether the grant allows publishing an event of {@code category} with {@code key}; see {@link HubPrincipal#mayPublish}. */
  public boolean mayPublish(String category, String key) {
    return principal().mayPublish(category, key);
  }

  /** Whether the grant allows publishing to {@code category}. */
  public boolean canPublish(String category) {
    return principal().canPublish(category);
  }

  /** Whether the grant allows having the hub call HTTP endpoints: {@value #SCHEDULE_HTTP} or {@code admin}. */
  public boolean canCallHttp() {
    return scopes.contains(SCHEDULE_HTTP) || scopes.contains(HubPrincipal.ADMIN);
  }

  /** The grant as a principal without expiry (the work outlives the token; the scopes do not grow). */
  public HubPrincipal principal() {
    return new HubPrincipal(subject == null ? "none" : subject, scopes, null);
  }

  /** {@code {"subject": ..., "scopes": [...]}}, for storage and for answers (scopes are no secret). */
  public JsonObject toJson() {
    return new JsonObject().put("subject", subject).put("scopes", new JsonArray(scopes.stream().sorted().toList()));
  }

  /**
   * Reads what {@link #toJson()} wrote; anything else (absent, malformed, a scope that does not
   * parse) is {@link #NONE}, so that a damaged or forged record gains nothing.
   */
  public static Grant fromJson(Object value) {
    if (!(value instanceof JsonObject json) || !(json.getValue("subject") instanceof String subject)
        || !(json.getValue("scopes") instanceof JsonArray array) || array.size() > MAX_SCOPES
        || subject.length() > MAX_LENGTH) {
      return NONE;
    }
    Set<String> scopes = new TreeSet<>();
    for (Object scope : array) {
      if (!(scope instanceof String s) || s.length() > MAX_LENGTH || HubPrincipal.scopeError(s) != null) {
        return NONE;
      }
      scopes.add(s);
    }
    return new Grant(subject, scopes);
  }
}
