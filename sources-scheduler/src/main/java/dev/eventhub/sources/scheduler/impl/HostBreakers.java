package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.kit.async.Contexts;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per target host ({@code scheme://host:port}) of HTTP actions, shared by the
 * schedules that call it, as the webhook sender has per target; each change of state is published as
 * {@code circuit-breaker-state-changed} in {@code error-recovery}. Used on the plugin's context only.
 */
final class HostBreakers {
  // Failures in a row open a breaker; this window only forgets failures of long ago.
  private static final long FAILURE_WINDOW = TimeUnit.MINUTES.toMillis(10);

  private final Vertx vertx;
  private final Context context;
  private final RecoveryEvents events;
  private final CircuitBreakerOptions options;
  private final Map<String, CircuitBreaker> byTarget = new HashMap<>();
  private final Map<String, String> states = new HashMap<>();
  private boolean closed;

  HostBreakers(Vertx vertx, Context context, RecoveryEvents events, SchedulerSettings settings) {
    this.vertx = vertx;
    this.context = context;
    this.events = events;
    this.options = new CircuitBreakerOptions()
        .setMaxFailures(settings.breakerMaxFailures())
        .setResetTimeout(settings.breakerResetTimeout().toMillis())
        .setFailuresRollingWindow(FAILURE_WINDOW)
        // Attempts have timeouts of their own; no notifications, so no periodic timer nor metrics.
        .setTimeout(-1)
        .setNotificationAddress(null)
        .setFallbackOnFailure(false);
  }

  /** {@code scheme://host:port} of an action's URL: never its path or query, which may hold secrets. */
  static String target(String url) {
    URI uri = URI.create(url);
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
  }

  /** The breaker of {@code target}, created closed on first use. */
  CircuitBreaker of(String target) {
    return byTarget.computeIfAbsent(target, t -> {
      CircuitBreaker breaker = CircuitBreaker.create("scheduler " + t, vertx, options);
      breaker.openHandler(v -> changed(t, breaker, "open"))
          .halfOpenHandler(v -> changed(t, breaker, "half-open"))
          .closeHandler(v -> changed(t, breaker, "closed"));
      return breaker;
    });
  }

  void close() {
    closed = true;
    byTarget.values().forEach(CircuitBreaker::close);
    byTarget.clear();
  }

  private void changed(String target, CircuitBreaker breaker, String state) {
    Contexts.on(context, () -> {
      // A reset timer may fire after the plugin stopped: not reported.
      if (!closed && byTarget.get(target) == breaker) {
        String previous = states.put(target, state);
        String before = previous == null ? "closed" : previous;
        if (!state.equals(before)) {
          events.publish("circuit-breaker-state-changed", target, null, new JsonObject().put("target", target)
              .put("state", state).put("previousState", before).put("failures", breaker.failureCount()));
        }
      }
      return Future.succeededFuture();
    });
  }
}
