package dev.eventhub.runtime.auth;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An identity provider's keys, fetched over HTTPS from {@code auth.jwt.jwksUrl}: at start (the hub does
 * not start without a usable set), on a schedule, and when a token names a {@code kid} not in the
 * current set (at most once per {@code auth.jwt.jwksMinRefreshInterval}, so that made-up kids cannot
 * hammer the provider). A fetch that fails or yields no usable key keeps the last good set. Every
 * fetch is asynchronous (Vert.x WebClient): nothing here blocks an event loop.
 */
final class JwksKeys implements KeySource {
  private static final Logger LOG = LoggerFactory.getLogger(JwksKeys.class);
  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final WebClient client;
  private final String url;
  private final String algorithm;
  private final JWTAuthOptions base;
  private final long minRefreshNanos;
  private volatile Keys current;
  private Future<Void> inFlight;
  private long lastAttemptNanos;
  private boolean failing;
  private long timer = -1;

  /** A verifier with the key ids it knows. */
  private record Keys(JWTAuth verifier, Set<String> kids) {}

  private JwksKeys(Vertx vertx, WebClient client, String url, String algorithm, JWTAuthOptions base,
      Duration minRefresh) {
    this.vertx = vertx;
    this.client = client;
    this.url = url;
    this.algorithm = algorithm;
    this.base = base;
    this.minRefreshNanos = minRefresh.toNanos();
  }

  /** Fetches the first key set (blocking: call at startup, off the event loop) and schedules refreshes. */
  static JwksKeys start(Vertx vertx, HubConfig config, JwtSettings settings, JWTAuthOptions options) {
    String url = config.string("auth.jwt.jwksUrl");
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("setting 'auth.jwt.jwksUrl' is not a URL: " + url);
    }
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new ConfigException("setting 'auth.jwt.jwksUrl' must be an https:// URL (keys fetched in the clear "
          + "could be swapped on the way), got " + url);
    }
    Duration interval = config.duration("auth.jwt.jwksRefreshInterval");
    Duration minRefresh = config.duration("auth.jwt.jwksMinRefreshInterval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0 || minRefresh.isNegative()) {
      throw new ConfigException("settings 'auth.jwt.jwksRefreshInterval' (at least 1s) and "
          + "'auth.jwt.jwksMinRefreshInterval' (0s or more) are out of range");
    }
    JwksKeys keys = new JwksKeys(vertx, WebClient.create(vertx, clientOptions(config)), url, settings.algorithm(),
        options, minRefresh);
    try {
      keys.fetch().toCompletionStage().toCompletableFuture().get(FETCH_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      keys.close();
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ConfigException("setting 'auth.jwt.jwksUrl': no usable keys from " + url + ": " + cause.getMessage(), e);
    }
    keys.timer = vertx.setPeriodic(interval.toMillis(), id -> keys.refresh(false));
    return keys;
  }

  private static WebClientOptions clientOptions(HubConfig config) {
    WebClientOptions options = new WebClientOptions().setConnectTimeout((int) FETCH_TIMEOUT.toMillis())
        .setIdleTimeout((int) FETCH_TIMEOUT.toSeconds()).setFollowRedirects(false).setUserAgent("eventhub-jwks");
    List<String> trusted = config.strings("auth.jwt.jwksTrustedCertificates");
    if (!trusted.isEmpty()) {
      // Trust these CA certificates instead of the JVM's (a private identity provider, or tests).
      PemTrustOptions trust = new PemTrustOptions();
      trusted.forEach(path -> trust.addCertPath(config.home().resolve(path).toString()));
      options.setTrustOptions(trust);
    }
    return options;
  }

  @Override
  public Future<JWTAuth> verifierFor(CompactJwt jwt) {
    Keys keys = current;
    String kid = jwt.kid();
    if (kid == null || keys.kids().contains(kid)) {
      return Future.succeededFuture(keys.verifier());
    }
    // A kid we do not know: the provider may have rotated its keys.
    return refresh(true).map(v -> current.verifier());
  }

  /** Fetches unless a fetch is under way (then joins it) or, on demand, one was tried too recently. */
  private synchronized Future<Void> refresh(boolean onDemand) {
    if (inFlight != null) {
      return inFlight;
    }
    long now = System.nanoTime();
    if (onDemand && now - lastAttemptNanos < minRefreshNanos) {
      return Future.succeededFuture();
    }
    Future<Void> attempt = fetch().transform(ar -> {
      synchronized (this) {
        inFlight = null;
      }
      if (ar.failed()) {
        keepLastGood(ar.cause());
      } else if (failing) {
        failing = false;
        LOG.info("auth.jwt.jwksUrl " + url + " answers again: keys refreshed");
      }
      return Future.<Void>succeededFuture();
    });
    if (!attempt.isComplete()) {
      inFlight = attempt;
    }
    return attempt;
  }

  // One warning per outage, not one per attempt.
  private synchronized void keepLastGood(Throwable cause) {
    if (!failing) {
      failing = true;
      LOG.warn("auth.jwt.jwksUrl " + url + ": refresh failed, keeping the last good key set: " + cause.getMessage());
    }
  }

  private Future<Void> fetch() {
    synchronized (this) {
      lastAttemptNanos = System.nanoTime();
    }
    return client.getAbs(url).timeout(FETCH_TIMEOUT.toMillis()).putHeader("Accept", "application/json").send()
        .compose(response -> response.statusCode() == 200 ? Future.succeededFuture(response.bodyAsString())
            : Future.failedFuture("the provider answered HTTP " + response.statusCode()))
        .map(body -> {
          List<JsonObject> jwks = KeyLoader.jwks(body == null ? "" : body, algorithm, "the JWKS at " + url);
          Set<String> kids = jwks.stream().map(k -> k.getString("kid")).filter(k -> k != null)
              .collect(Collectors.toUnmodifiableSet());
          current = new Keys(JWTAuth.create(vertx, new JWTAuthOptions(base).setJwks(jwks)), kids);
          return null;
        });
  }

  @Override
  public void close() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    client.close();
  }
}
