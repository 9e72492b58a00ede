package dev.eventhub.runtime.auth;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Verifies and issues the hub's JWTs with Vert.x Auth JWT: HS256 with the configured secret (or the
 * one generated into the data directory on first start), or RS256/ES256 with PEM public keys or a
 * JWKS file. {@code exp} is always checked; {@code iss} and {@code aud} when configured.
 */
public final class TokenService implements Authenticator {
  /** The file in the data directory holding the generated secret. */
  public static final String SECRET_FILE = "token-secret";
  private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

  /** Verified tokens remembered at most, and for how long: a publisher sends the same token with every request. */
  static final int VERIFIED_CACHE_SIZE = 1024;
  static final Duration VERIFIED_CACHE_TTL = Duration.ofMinutes(5);

  private final JWTAuth provider;
  private final boolean enabled;
  private final String algorithm;
  private final boolean canIssue;
  private final Map<String, Verified> verified = new ConcurrentHashMap<>();
  private volatile Runnable onFailure = () -> { };

  /** A token that passed verification, with when to verify it again. */
  private record Verified(HubPrincipal principal, long recheckAtMillis) {}

  private TokenService(JWTAuth provider, boolean enabled, String algorithm, boolean canIssue) {
    this.provider = provider;
    this.enabled = enabled;
    this.algorithm = algorithm;
    this.canIssue = canIssue;
  }

  /**
   * Builds the service from the {@code auth} section. Blocking (reads key files, may write the
   * generated secret): call it at startup, off the event loop.
   */
  public static TokenService create(Vertx vertx, HubConfig config) {
    boolean enabled = config.bool("auth.enabled");
    if (!enabled) {
      LOG.warning("authentication is OFF (auth.enabled=false): anyone who reaches the hub may publish, "
          + "subscribe and administer it");
      return new TokenService(null, false, "none", false);
    }
    String algorithm = config.string("auth.jwt.algorithm");
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(verification(config));
    boolean canIssue;
    switch (algorithm == null ? "" : algorithm) {
      case "HS256" -> {
        options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret(config)));
        canIssue = true;
      }
      case "RS256", "ES256" -> {
        addPublicKeys(options, config, algorithm);
        canIssue = false;
      }
      default -> throw new ConfigException(
          "setting 'auth.jwt.algorithm' must be HS256, RS256 or ES256, got '" + algorithm + "'");
    }
    return new TokenService(JWTAuth.create(vertx, options), true, algorithm, canIssue);
  }

  private static JWTOptions verification(HubConfig config) {
    JWTOptions jwt = new JWTOptions().setLeeway(5);
    String issuer = config.string("auth.jwt.issuer");
    String audience = config.string("auth.jwt.audience");
    if (issuer != null && !issuer.isBlank()) {
      jwt.setIssuer(issuer);
    }
    if (audience != null && !audience.isBlank()) {
      jwt.addAudience(audience);
    }
    return jwt;
  }

  private static void addPublicKeys(JWTAuthOptions options, HubConfig config, String algorithm) {
    List<String> keys = config.strings("auth.jwt.publicKeys");
    String jwksFile = config.string("auth.jwt.jwksFile");
    for (String key : keys) {
      String pem = key.contains("-----BEGIN") ? key : read(config.home().resolve(key), "auth.jwt.publicKeys");
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem));
    }
    if (jwksFile != null && !jwksFile.isBlank()) {
      String text = read(config.home().resolve(jwksFile), "auth.jwt.jwksFile");
      try {
        JsonArray jwks = new JsonObject(text).getJsonArray("keys");
        List<JsonObject> list = new ArrayList<>();
        jwks.forEach(k -> list.add((JsonObject) k));
        options.setJwks(list);
      } catch (DecodeException | ClassCastException | NullPointerException e) {
        throw new ConfigException("setting 'auth.jwt.jwksFile': " + jwksFile + " is not a JWKS document");
      }
    }
    if (keys.isEmpty() && (jwksFile == null || jwksFile.isBlank())) {
      throw new ConfigException("algorithm " + algorithm
          + " needs 'auth.jwt.publicKeys' (PEM text or files) or 'auth.jwt.jwksFile'");
    }
  }

  /** The configured secret, or the generated one (created on first use). */
  static String secret(HubConfig config) {
    String configured = config.string("auth.jwt.secret");
    if (configured != null && !configured.isEmpty()) {
      if (configured.getBytes(StandardCharsets.UTF_8).length < 32) {
        throw new ConfigException("setting 'auth.jwt.secret' must be at least 32 bytes for HS256");
      }
      return configured;
    }
    Path file = config.directory("data.dir").resolve(SECRET_FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(file.getParent());
      byte[] random = new byte[32];
      new java.security.SecureRandom().nextBytes(random);
      String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
      restrictToOwner(file);
      LOG.info("no token secret configured: generated one into " + file
          + " (make a token with: bin/hub token --scope \"subscribe:* publish:*\")");
      return secret;
    } catch (IOException e) {
      throw new ConfigException("cannot read or create the token secret " + file + ": " + e.getMessage(), e);
    }
  }

  private static void restrictToOwner(Path file) {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system (Windows): the data directory's own permissions apply.
    }
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

  @Override
  public boolean enabled() {
    return enabled;
  }

  @Override
  public Future<HubPrincipal> authenticate(HttpServerRequest request) {
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
    return authenticate(request.getParam("access_token"));
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
          "no token: send 'Authorization: Bearer <token>' or the access_token query parameter"));
    }
    // The same bytes verified a moment ago need no second signature check; expiry is still checked.
    Verified known = verified.get(token);
    long now = System.currentTimeMillis();
    if (known != null && now < known.recheckAtMillis()) {
      return Future.succeededFuture(known.principal());
    }
    JsonObject claims = claims(token);
    if (claims == null) {
      return Future.failedFuture(HubException.unauthorized("malformed token: not a compact JWT"));
    }
    // The JWT library casts these to numbers and throws (a 500) when they are anything else.
    for (String time : new String[] {"exp", "nbf", "iat"}) {
      if (claims.containsKey(time) && !(claims.getValue(time) instanceof Number)) {
        return Future.failedFuture(HubException.unauthorized("invalid token: '" + time + "' must be a number"));
      }
    }
    Long exp = claims.getValue("exp") instanceof Number n ? n.longValue() : null;
    // Compared without overflow, and named without Instant: any long may arrive (a hostile exp is Long.MIN_VALUE).
    if (exp != null && Instant.now().getEpochSecond() - 5 >= exp) {
      return Future.failedFuture(HubException.unauthorized("token expired at " + (exp < Instant.MIN.getEpochSecond()
          ? "exp " + exp : Instant.ofEpochSecond(exp))));
    }
    if (exp != null && exp > Instant.MAX.getEpochSecond()) {
      return Future.failedFuture(HubException.unauthorized("invalid token: 'exp' " + exp + " is past any date"));
    }
    // Checked here as a number of any size: the JWT library reads an nbf of 2^64 as 0.
    if (claims.getValue("nbf") instanceof Number nbf && nbf.doubleValue() - 5 > Instant.now().getEpochSecond()) {
      return Future.failedFuture(HubException.unauthorized("token not valid before 'nbf' " + nbf));
    }
    return provider.authenticate(new TokenCredentials(token))
        .map(user -> remember(token, principal(claims)))
        .recover(e -> Future.failedFuture(HubException.unauthorized("invalid token: " + e.getMessage())));
  }

  // Until the earlier of a few minutes from now and the token's expiry (the leeway is not extended).
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

  /** Issues an HS256 token; fails when the hub verifies with public keys only. */
  public String issue(String subject, Set<String> scopes, Duration ttl) {
    if (!enabled || !canIssue) {
      throw new IllegalStateException("this hub verifies " + algorithm
          + " tokens with public keys: issue tokens with your identity provider");
    }
    JsonObject claims = new JsonObject().put("sub", subject).put("scope", String.join(" ", scopes));
    JWTOptions options = new JWTOptions().setAlgorithm("HS256");
    if (ttl != null && !ttl.isZero()) {
      options.setExpiresInSeconds((int) Math.min(Integer.MAX_VALUE, ttl.toSeconds()));
    }
    return provider.generateToken(claims, options);
  }

  private static HubPrincipal principal(JsonObject claims) {
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
    Instant expires = claims.getValue("exp") instanceof Number n ? Instant.ofEpochSecond(n.longValue()) : null;
    String subject = claims.getValue("sub") instanceof String s ? s : "anonymous";
    return new HubPrincipal(subject, scopes, expires);
  }

  /** The unverified payload of a compact JWT, or null when it is not one. */
  static JsonObject claims(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(parts[1]);
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }
}
