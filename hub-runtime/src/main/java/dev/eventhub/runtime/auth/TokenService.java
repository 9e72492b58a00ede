package dev.eventhub.runtime.auth;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies and issues the hub's JWTs with Vert.x Auth JWT: HS256 with the configured secret (or the
 * one generated into the data directory on first start), or RS256/ES256 with PEM public keys, a JWKS
 * file or an identity provider's JWKS URL. Before any signature check the header's {@code alg} must be
 * the configured algorithm and {@code exp} present and not past (one leeway, {@code auth.jwt.leeway});
 * {@code iss} and {@code aud} are checked when configured.
 */
public final class TokenService implements Authenticator {
  /** The file in the data directory holding the generated secret. */
  public static final String SECRET_FILE = SecretFile.NAME;
  private static final String QUERY_TOKEN = "access_token";
  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  /** Verified tokens remembered at most, and for how long: a publisher sends the same token with every request. */
  static final int VERIFIED_CACHE_SIZE = 1024;
  static final Duration VERIFIED_CACHE_TTL = Duration.ofMinutes(5);

  private final KeySource keys;
  private final boolean enabled;
  private final JwtSettings settings;
  private final ClaimsCheck claims;
  private final JWTAuth issuer;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private volatile Runnable onFailure = () -> { };

  /** A token that passed verification, with when to verify it again. */
  private record Verified(HubPrincipal principal, long recheckAtMillis) {}

  private TokenService(KeySource keys, JwtSettings settings, JWTAuth issuer) {
    this.keys = keys;
    this.enabled = settings != null;
    this.settings = settings;
    this.claims = settings == null ? null : new ClaimsCheck(settings);
    this.issuer = issuer;
  }

  /**
   * Builds the service from the {@code auth} section. Blocking (reads key files, may write the
   * generated secret, fetches a JWKS URL): call it at startup, off the event loop.
   */
  public static TokenService create(Vertx vertx, HubConfig config) {
    return create(vertx, config, true);
  }

  /**
   * The service for a command that signs tokens for a hub ({@code bin/hub token}, {@code bin/hub tail}): like
   * {@link #create(Vertx, HubConfig)}, but it never generates the secret. Tokens signed with a secret the hub
   * does not have would be refused, so a missing one is a {@link ConfigException} naming where it looked.
   */
  public static TokenService forSigning(Vertx vertx, HubConfig config) {
    return create(vertx, config, false);
  }

  /**
   * Checks the {@code auth} section without reading key files or calling a JWKS URL ({@code bin/hub config
   * check}): the algorithm, the leeway, the lifetimes and a configured secret's length.
   */
  public static void checkSettings(HubConfig config) {
    if (!config.bool("auth.enabled")) {
      return;
    }
    JwtSettings settings = JwtSettings.of(config);
    String secret = config.string("auth.jwt.secret");
    if ("HS256".equals(settings.algorithm()) && secret != null && !secret.isEmpty()) {
      SecretFile.secret(config, false);
    }
  }

  private static TokenService create(Vertx vertx, HubConfig config, boolean generateSecret) {
    if (!config.bool("auth.enabled")) {
      LOG.warn("authentication is OFF (auth.enabled=false): anyone who reaches the hub may publish, "
          + "subscribe and administer it");
      return new TokenService(null, null, null);
    }
    JwtSettings settings = JwtSettings.of(config);
    if (settings.allowNoExpiry()) {
      LOG.warn("auth.jwt.allowNoExpiry is true: tokens without 'exp' are accepted, and a leaked one stays "
          + "valid until the key that signed it is replaced");
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(verification(settings));
    if ("HS256".equals(settings.algorithm())) {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SecretFile.secret(config, generateSecret)));
      JWTAuth provider = JWTAuth.create(vertx, options);
      return new TokenService(KeySource.fixed(provider), settings, provider);
    }
    String jwksUrl = config.string("auth.jwt.jwksUrl");
    if (jwksUrl != null && !jwksUrl.isBlank()) {
      return new TokenService(JwksKeys.start(vertx, config, settings, options), settings, null);
    }
    addPublicKeys(options, config, settings.algorithm());
    return new TokenService(KeySource.fixed(JWTAuth.create(vertx, options)), settings, null);
  }

  private static JWTOptions verification(JwtSettings settings) {
    JWTOptions jwt = new JWTOptions().setLeeway((int) settings.leeway().toSeconds());
    if (settings.issuer() != null) {
      jwt.setIssuer(settings.issuer());
    }
    if (settings.audience() != null) {
      jwt.addAudience(settings.audience());
    }
    return jwt;
  }

  private static void addPublicKeys(JWTAuthOptions options, HubConfig config, String algorithm) {
    List<String> keys = config.strings("auth.jwt.publicKeys");
    String jwksFile = config.string("auth.jwt.jwksFile");
    for (String key : keys) {
      boolean inline = key.contains("-----BEGIN");
      String pem = inline ? key : read(config.home().resolve(key), "auth.jwt.publicKeys");
      options.addPubSecKey(KeyLoader.pem(pem, algorithm, inline ? "an inline key" : key));
    }
    if (jwksFile != null && !jwksFile.isBlank()) {
      Path file = config.home().resolve(jwksFile);
      String source = "setting 'auth.jwt.jwksFile': " + file;
      options.setJwks(KeyLoader.jwks(read(file, "auth.jwt.jwksFile"), algorithm, source));
    }
    // Fail closed: a JWTAuth without keys accepts unsigned tokens.
    if (isEmpty(options.getPubSecKeys()) && isEmpty(options.getJwks())) {
      throw new ConfigException("algorithm " + algorithm
          + " needs 'auth.jwt.publicKeys' (PEM text or files), 'auth.jwt.jwksFile' or 'auth.jwt.jwksUrl'");
    }
  }

  private static boolean isEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static String read(Path file, String setting) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new ConfigException("setting '" + setting + "': cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** Called for every token refused: for the auth-failure counter. */
  public void onFailure(Runnable listener) {
    this.onFailure = listener;
  }

  /** Stops fetching keys, if the hub fetches any. */
  public void close() {
    if (keys != null) {
      keys.close();
    }
  }

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public Future<HubPrincipal> authenticate(HttpServerRequest request) {
    if (enabled && hasQueryToken(request.query())) {
      onFailure.run();
      return Future.failedFuture(HubException.unauthorized("the access_token query parameter is accepted only on "
          + "the WebSocket upgrade: send the token as 'Authorization: Bearer <token>'"));
    }
    return authenticateAllowingQueryToken(request);
  }

  @Override
  public Future<HubPrincipal> authenticateAllowingQueryToken(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null) {
      if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        if (!enabled) {
          return Future.succeededFuture(HubPrincipal.unrestricted());
        }
        onFailure.run();
        return Future.failedFuture(HubException.unauthorized("the Authorization header must be 'Bearer <token>'"));
      }
      return authenticate(header.substring(7).trim());
    }
    String token;
    try {
      token = request.getParam(QUERY_TOKEN);
    } catch (IllegalArgumentException malformed) {
      // A malformed %-escape in the query string: no token can be read from it.
      token = null;
    }
    return authenticate(token);
  }

  // Read from the raw query: decoding it would fail on a malformed escape elsewhere in it.
  private static boolean hasQueryToken(String query) {
    if (query == null) {
      return false;
    }
    for (String part : query.split("&")) {
      if (part.equals(QUERY_TOKEN) || part.startsWith(QUERY_TOKEN + "=")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Future<HubPrincipal> authenticate(String token) {
    return verify(token).onFailure(e -> onFailure.run());
  }

  private Future<HubPrincipal> verify(String token) {
    if (!enabled) {
      return Future.succeededFuture(HubPrincipal.unrestricted());
    }
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(HubException.unauthorized(
          "no token: send 'Authorization: Bearer <token>'"));
    }
    // The same bytes verified a moment ago need no second signature check; expiry is still checked.
    Verified known = verified.get(token);
    long now = System.currentTimeMillis();
    if (known != null && now < known.recheckAtMillis()) {
      return Future.succeededFuture(known.principal());
    }
    CompactJwt jwt = CompactJwt.parse(token);
    if (jwt == null) {
      return Future.failedFuture(HubException.unauthorized("malformed token: not a compact JWT"));
    }
    // Before anything else: only the configured algorithm, and a signature (never the token's own choice).
    if (!settings.algorithm().equals(jwt.alg()) || !jwt.signed()) {
      return Future.failedFuture(HubException.unauthorized("invalid token: this hub accepts only signed "
          + settings.algorithm() + " tokens"));
    }
    String refusal = claims.refusal(jwt.claims(), Instant.ofEpochMilli(now));
    if (refusal != null) {
      return Future.failedFuture(HubException.unauthorized(refusal));
    }
    return keys.verifierFor(jwt)
        .compose(provider -> provider.authenticate(new TokenCredentials(token)))
        .map(user -> remember(token, claims.principal(jwt.claims())))
        .recover(e -> Future.failedFuture(e instanceof HubException h ? h
            : HubException.unauthorized("invalid token: " + e.getMessage())));
  }

  // Until the earlier of a few minutes from now and the end of the token's acceptance.
  private HubPrincipal remember(String token, HubPrincipal principal) {
    long recheckAt = System.currentTimeMillis() + VERIFIED_CACHE_TTL.toMillis();
    if (principal.expiresAt() != null) {
      recheckAt = Math.min(recheckAt, principal.expiresAt().toEpochMilli());
    }
    if (verified.size() >= VERIFIED_CACHE_SIZE) {
      verified.clear();
    }
    verified.put(token, new Verified(principal, recheckAt));
    return principal;
  }

  /**
   * Issues an HS256 token valid for {@code ttl} (at least one second, at most {@code
   * auth.jwt.maxTokenTtl}); {@code null} issues one that never expires, allowed only with {@code
   * auth.jwt.allowNoExpiry}. Fails when the hub verifies with public keys only.
   */
  public String issue(String subject, Set<String> scopes, Duration ttl) {
    if (!enabled || issuer == null) {
      throw new IllegalStateException("this hub verifies " + (enabled ? settings.algorithm() : "no")
          + " tokens" + (enabled ? " with public keys: issue tokens with your identity provider" : ""));
    }
    // The claim is one space-separated string: each of its words is a scope.
    for (String scope : String.join(" ", scopes).trim().split("\\s+")) {
      String malformed = HubPrincipal.scopeError(scope);
      if (malformed != null) {
        throw new IllegalArgumentException(malformed);
      }
    }
    JWTOptions options = new JWTOptions().setAlgorithm("HS256");
    if (ttl == null) {
      if (!settings.allowNoExpiry()) {
        throw new IllegalArgumentException("a token that never expires is refused by this hub: set "
            + "auth.jwt.allowNoExpiry to true first, or give a --ttl");
      }
    } else if (ttl.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the token lifetime must be at least 1s, got " + ttl.toMillis() + " ms");
    } else if (ttl.compareTo(settings.maxTokenTtl()) > 0) {
      throw new IllegalArgumentException("the token lifetime (" + ttl.toSeconds() + " s) is over auth.jwt.maxTokenTtl ("
          + settings.maxTokenTtl().toSeconds() + " s)");
    } else {
      options.setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
    }
    return issuer.generateToken(new io.vertx.core.json.JsonObject().put("sub", subject)
        .put("scope", String.join(" ", scopes)), options);
  }

  /** The longest lifetime {@link #issue} accepts. */
  public Duration maxTokenTtl() {
    return enabled ? settings.maxTokenTtl() : Duration.ZERO;
  }
}
