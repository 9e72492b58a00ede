package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes one delivery attempt: a POST of the event's envelope, signed per Standard Webhooks, through
 * the target's circuit breaker. What a target can cost is bounded: connect, idle and total timeouts,
 * no redirects followed, the answer's body discarded as it streams in ({@link DiscardBody}), a few
 * connections per target.
 */
final class Sender {
  private static final int MAX_ERROR = 500;

  /**
   * How an attempt went.
   *
   * @param status the HTTP status, or null when there was no answer
   * @param error what went wrong, or null on success
   */
  record Attempt(boolean success, Integer status, String error, long durationMs) {}

  /** A status that counts against the target's breaker: 5xx and 429. */
  private static final class TargetFailure extends RuntimeException {
    private final int status;

    TargetFailure(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }
  }

  private final WebClient client;
  private final Breakers breakers;
  private final WebhookSettings settings;

  Sender(WebClient client, Breakers breakers, WebhookSettings settings) {
    this.client = client;
    this.breakers = breakers;
    this.settings = settings;
  }

  /** The client deliveries go through, with the limits that keep one target from costing too much. */
  static WebClient client(Vertx vertx, WebhookSettings settings) {
    WebClientOptions options = new WebClientOptions()
        .setUserAgent("eventhub-webhook")
        .setFollowRedirects(false)
        .setDecompressionSupported(false)
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.connectTimeout().toMillis()))
        .setKeepAliveTimeout(30);
    PoolOptions pool = new PoolOptions()
        .setHttp1MaxSize(settings.maxConnectionsPerTarget())
        .setHttp2MaxSize(settings.maxConnectionsPerTarget())
        .setMaxWaitQueueSize(settings.maxSubscriptions() + 100);
    WebClient client = WebClient.create(vertx, options, pool);
    long total = settings.requestTimeout().toMillis();
    // Connect and idle timeouts do not stop a target that trickles an endless answer: this deadline
    // closes the connection of any request still running after requestTimeout.
    client.addInterceptor(ctx -> {
      if (ctx.phase() == ClientPhase.SEND_REQUEST) {
        HttpClientRequest request = ctx.clientRequest();
        long timer = vertx.setTimer(total, id -> request.reset(0, new java.util.concurrent.TimeoutException(
            "no complete answer within " + total + "ms")));
        ctx.future().onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.failed()) {
            request.reset();
          }
        });
      }
      ctx.next();
    });
    return client;
  }

  /** Makes one attempt; the future never fails, the attempt says how it went. */
  Future<Attempt> send(Subscription subscription, HubEvent event) {
    long started = System.nanoTime();
    return breakers.of(subscription.target()).<Integer>execute(() -> post(subscription, event))
        .transform(ar -> Future.succeededFuture(attempt(subscription, ar.succeeded() ? ar.result() : null,
            ar.cause(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))));
  }

  private Future<Integer> post(Subscription subscription, HubEvent event) {
    try {
      byte[] body = event.encode().getBytes(StandardCharsets.UTF_8);
      String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
      HttpRequest<Long> request = client.postAbs(subscription.url()).as(DiscardBody.INSTANCE)
          .followRedirects(false)
          .connectTimeout(settings.connectTimeout().toMillis())
          .idleTimeout(settings.idleTimeout().toMillis());
      for (Map.Entry<String, Object> header : subscription.headers()) {
        request.putHeader(header.getKey(), String.valueOf(header.getValue()));
      }
      request.putHeader("Content-Type", "application/json")
          .putHeader("webhook-id", event.id())
          .putHeader("webhook-timestamp", timestamp)
          .putHeader("webhook-signature", Signatures.signStandard(Signatures.standardKey(subscription.secret()),
              event.id(), timestamp, body));
      return request.sendBuffer(Buffer.buffer(body)).compose(response -> {
        int status = response.statusCode();
        return status >= 500 || status == 429 ? Future.failedFuture(new TargetFailure(status))
            : Future.succeededFuture(status);
      });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private Attempt attempt(Subscription subscription, Integer status, Throwable failure, long durationMs) {
    if (status != null) {
      boolean success = status >= 200 && status < 300;
      String error = success ? null : "HTTP " + status + (status >= 300 && status < 400
          ? " (redirects are not followed)" : "") + " from " + subscription.target();
      return new Attempt(success, status, error, durationMs);
    }
    if (failure instanceof TargetFailure f) {
      return new Attempt(false, f.status, "HTTP " + f.status + " from " + subscription.target(), durationMs);
    }
    if (failure instanceof OpenCircuitException) {
      return new Attempt(false, null, "circuit breaker of " + subscription.target() + " is open: not attempted",
          durationMs);
    }
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    if (durationMs >= settings.requestTimeout().toMillis()) {
      message = "no complete answer within " + settings.requestTimeout().toMillis() + "ms (" + message + ")";
    }
    return new Attempt(false, null, truncate("POST to " + subscription.target() + " failed: " + message), durationMs);
  }

  static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "...";
  }

  /** The fields of a delivery outcome event common to delivered and failed. */
  static JsonObject outcome(Subscription subscription, HubEvent event, Attempt attempt, int number) {
    return new JsonObject().put("subscription", subscription.id()).put("target", subscription.target())
        .put("eventId", event.id()).put("eventCursor", event.cursor()).put("category", event.category())
        .put("event", event.event()).put("status", attempt.status()).put("durationMs", attempt.durationMs())
        .put("attempt", number);
  }
}
