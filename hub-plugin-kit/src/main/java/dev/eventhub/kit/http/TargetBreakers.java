package dev.eventhub.kit.http;

import dev.eventhub.kit.async.Contexts;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per outbound target ({@code scheme://host:port}), shared by everything of a
 * plugin that calls that target, with each change of state reported once to a listener (typically to
 * publish a {@code circuit-breaker-state-changed} event).
 *
 * <p>A target is never a whole URL: paths and queries may hold secrets and would also give every
 * endpoint of one service a breaker of its own. Use it on the plugin's context only; the breakers'
 * own timers call back elsewhere, and the listener is always called on that context.
 *
 * <p>It needs {@code io.vertx:vertx-circuit-breaker} on the plugin's class path: the kit declares
 * it optional, so a plugin that uses this class declares it too.
 */
public final class TargetBreakers {
  /** The state a target's breaker moved to, and the one it left. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called on the plugin's context once per real change of a target's state.
     *
     * @param target {@code scheme://host:port}
     * @param state {@code open}, {@code half-open} or {@code closed}
     * @param previousState the state before
     * @param failures the failures the breaker counts now
     */
    void changed(String target, String state, String previousState, long failures);
  }

  // Failures in a row open a breaker; this window only forgets failures of long ago.
  private static final long FAILURE_WINDOW = TimeUnit.MINUTES.toMillis(10);

  private final Vertx vertx;
  private final Context context;
  private final String name;
  private final Listener listener;
  private final CircuitBreakerOptions options;
  private final Map<String, CircuitBreaker> byTarget = new HashMap<>();
  private final Map<String, String> states = new HashMap<>();
  private boolean closed;

  /**
   * @param vertx the plugin's Vert.x
   * @param context the plugin's context, where the breakers are used and the listener is called
   * @param name names the breakers ({@code "<name> <target>"}), e.g. the plugin's name
   * @param maxFailures failures in a row that open a breaker
   * @param resetTimeout how long a breaker stays open before it lets one attempt through
   * @param listener told of each change of state
   */
  public TargetBreakers(Vertx vertx, Context context, String name, int maxFailures, Duration resetTimeout,
      Listener listener) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.context = Objects.requireNonNull(context, "context");
    this.name = Objects.requireNonNull(name, "name");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.options = new CircuitBreakerOptions()
        .setMaxFailures(maxFailures)
        .setResetTimeout(resetTimeout.toMillis())
        .setFailuresRollingWindow(FAILURE_WINDOW)
        // Attempts have timeouts of their own; no notifications, so no periodic timer nor metrics.
        .setTimeout(-1)
        .setNotificationAddress(null)
        .setFallbackOnFailure(false);
  }

  /**
   * The target of an {@code http} or {@code https} URL: {@code scheme://host:port}, lower case, with
   * the scheme's default port filled in.
   *
   * @param url an absolute URL
   * @return its target
   * @throws IllegalArgumentException if {@code url} is not an absolute http(s) URL with a host
   */
  public static String target(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
      }
    } catch (URISyntaxException e) {
      // Reported below, without the URL: it may hold a secret.
    }
    throw new IllegalArgumentException("not an absolute http(s) URL with a host");
  }

  /**
   * The breaker of {@code target}, created closed on first use.
   *
   * @param target {@code scheme://host:port}, as {@link #target(String)} makes it
   * @return its breaker
   */
  public CircuitBreaker of(String target) {
    return byTarget.computeIfAbsent(target, t -> {
      CircuitBreaker breaker = CircuitBreaker.create(name + " " + t, vertx, options);
      breaker.openHandler(v -> changed(t, breaker, "open"))
          .halfOpenHandler(v -> changed(t, breaker, "half-open"))
          .closeHandler(v -> changed(t, breaker, "closed"));
      return breaker;
    });
  }

  /**
   * @param target {@code scheme://host:port}
   * @return {@code open}, {@code half-open} or {@code closed} (also for a target never called)
   */
  public String state(String target) {
    return states.getOrDefault(target, "closed");
  }

  /**
   * Drops the breaker of a target nothing calls any more; a later call starts closed.
   *
   * @param target {@code scheme://host:port}
   */
  public void forget(String target) {
    CircuitBreaker breaker = byTarget.remove(target);
    states.remove(target);
    if (breaker != null) {
      breaker.close();
    }
  }

  /** Closes every breaker; later changes of state are not reported. */
  public void close() {
    closed = true;
    byTarget.values().forEach(CircuitBreaker::close);
    byTarget.clear();
  }

  private void changed(String target, CircuitBreaker breaker, String state) {
    // The breaker calls back on the context that ran the attempt, or a timer's: hop to the plugin's.
    Contexts.on(context, () -> {
      // A reset timer may fire after the plugin stopped, or for a target since forgotten: not reported.
      if (!closed && byTarget.get(target) == breaker) {
        String previous = states.put(target, state);
        String before = previous == null ? "closed" : previous;
        if (!state.equals(before)) {
          listener.changed(target, state, before, breaker.failureCount());
        }
      }
      return Future.succeededFuture();
    });
  }
}
