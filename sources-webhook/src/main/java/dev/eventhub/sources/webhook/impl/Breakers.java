package dev.eventhub.sources.webhook.impl;

import dev.eventhub.kit.async.Contexts;
import dev.eventhub.sources.webhook.WebhookPlugin;
import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One circuit breaker per target ({@code scheme://host:port}), shared by the subscriptions that
 * deliver there; each change of state is published as {@code circuit-breaker-state-changed}. Used on
 * the plugin's context only.
 */
final class Breakers {
  // Failures in a row open a breaker; this window only forgets failures of long ago.
  private static final long FAILURE_WINDOW = TimeUnit.MINUTES.toMillis(10);

  private final Vertx vertx;
  private final Context context;
  private final Events events;
  private final CircuitBreakerOptions options;
  private final Map<String, CircuitBreaker> byTarget = new HashMap<>();
  private final Map<String, String> states = new HashMap<>();
  private boolean closed;

  Breakers(Vertx vertx, Context context, Events events, WebhookSettings settings) {
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

  /** The breaker of {@code target}, created closed on first use. */
  CircuitBreaker of(String target) {
    return byTarget.computeIfAbsent(target, t -> {
      CircuitBreaker breaker = CircuitBreaker.create("webhook " + t, vertx, options);
      breaker.openHandler(v -> changed(t, breaker, "open"))
          .halfOpenHandler(v -> changed(t, breaker, "half-open"))
          .closeHandler(v -> changed(t, breaker, "closed"));
      return breaker;
    });
  }

  /** {@code open}, {@code half-open} or {@code closed}. */
  String state(String target) {
    return states.getOrDefault(target, "closed");
  }

  /** Drops the breaker of a target no subscription delivers to any more. */
  void forget(String target) {
    CircuitBreaker breaker = byTarget.remove(target);
    states.remove(target);
    if (breaker != null) {
      breaker.close();
    }
  }

  void close() {
    closed = true;
    byTarget.values().forEach(CircuitBreaker::close);
    byTarget.clear();
  }

  private void changed(String target, CircuitBreaker breaker, String state) {
    // The breaker calls back on the context that ran the attempt, the plugin's; hop there if not.
    Contexts.on(context, () -> {
      // A reset timer may fire after the plugin stopped, or for a target since forgotten: not reported.
      if (!closed && byTarget.get(target) == breaker) {
        String previous = states.put(target, state);
        String before = previous == null ? "closed" : previous;
        if (!state.equals(before)) {
          events.publish(Events.RECOVERY, "circuit-breaker-state-changed", target, new JsonObject()
              .put("source", WebhookPlugin.NAME).put("target", target).put("state", state).put("previousState", before)
              .put("failures", breaker.failureCount()));
        }
      }
      return Future.succeededFuture();
    });
  }
}
