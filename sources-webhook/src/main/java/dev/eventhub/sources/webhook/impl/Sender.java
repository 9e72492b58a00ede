package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.http.OutboundClient;
import dev.eventhub.kit.http.OutboundGuard;
import dev.eventhub.kit.http.TargetBreakers;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Makes one delivery attempt: a POST of the event's envelope, signed per Standard Webhooks, through
 * the target's circuit breaker, through an {@link OutboundClient}: where it goes is checked (refused
 * addresses, see {@code outbound.allowNetworks}), and what a target can cost is bounded: connect,
 * idle and total timeouts, no redirects followed, at most a little of the answer's body read, a few
 * connections per target.
 */
final class Sender {
  private static final int MAX_ERROR = 500;
  private static final int ANSWER_BYTES = 16 * 1024;
  /** On a resubmission from the dead-letter queue: its number. It arrives out of its key's order. */
  static final String REDELIVERY_HEADER = "X-Hub-Redelivery";
  /** On a resubmission: the event's cursor in the log, where it stood in the order. */
  static final String CURSOR_HEADER = "X-Hub-Original-Cursor";

  /**
   * How an attempt went.
   *
   * @param status the HTTP status, or null when there was no answer
   * @param error what went wrong, or null on success
   * @param response the answer body's first bytes, secrets masked; null without an answer
   */
  record Attempt(boolean success, Integer status, String error, long durationMs, String response) {}

  /** An answer: its status and the first bytes of its body, masked. */
  private record Answered(int status, String preview) {}

  /** A status that counts against the target's breaker: 5xx and 429. */
  private static final class TargetFailure extends RuntimeException {
    private final int status;
    private final String preview;

    TargetFailure(Answered answered) {
      super("HTTP " + answered.status(), null, false, false);
      this.status = answered.status();
      this.preview = answered.preview();
    }
  }

  private final OutboundClient client;
  private final TargetBreakers breakers;
  private final WebhookSettings settings;

  Sender(OutboundClient client, TargetBreakers breakers, WebhookSettings settings) {
    this.client = client;
    this.breakers = breakers;
    this.settings = settings;
  }

  /** The client deliveries go through, with the limits that keep one target from costing too much. */
  static OutboundClient client(Vertx vertx, OutboundGuard guard, WebhookSettings settings) {
    return new OutboundClient(vertx, guard, new OutboundClient.Options("eventhub-webhook", settings.connectTimeout(),
        settings.idleTimeout(), settings.maxConnectionsPerTarget(), settings.maxSubscriptions() + 100));
  }

  /** Makes one attempt; the future never fails, the attempt says how it went. */
  Future<Attempt> send(Subscription subscription, HubEvent event) {
    return send(subscription, event, 0);
  }

  /**
   * Makes one attempt of a resubmission from the dead-letter queue (its number, from 1; 0 for an
   * ordinary delivery), marked so that the receiver knows it comes out of order.
   */
  Future<Attempt> send(Subscription subscription, HubEvent event, int resubmission) {
    long started = System.nanoTime();
    return breakers.of(subscription.target()).<Answered>execute(() -> post(subscription, event, resubmission))
        .transform(ar -> Future.succeededFuture(attempt(subscription, ar.succeeded() ? ar.result() : null,
            ar.cause(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))));
  }

  private Future<Answered> post(Subscription subscription, HubEvent event, int resubmission) {
    try {
      byte[] body = subscription.body(event).getBytes(StandardCharsets.UTF_8);
      String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      for (Map.Entry<String, Object> header : subscription.headers()) {
        headers.set(header.getKey(), String.valueOf(header.getValue()));
      }
      headers.set("Content-Type", subscription.contentType())
          .set("webhook-id", event.id())
          .set("webhook-timestamp", timestamp)
          .set("webhook-signature", signature(subscription, event.id(), timestamp, body));
      if (resubmission > 0) {
        headers.set(REDELIVERY_HEADER, String.valueOf(resubmission)).set(CURSOR_HEADER, event.cursor());
      }
      // The answer's body is not needed: a little is read (so a small answer keeps the connection
      // reusable), then reading stops.
      return client.send(new OutboundClient.Call(HttpMethod.POST, subscription.url(), headers, Buffer.buffer(body),
          settings.requestTimeout(), ANSWER_BYTES)).compose(answer -> {
            int status = answer.status();
            Answered answered = new Answered(status, AttemptLog.preview(answer.body(), subscription));
            return status >= 500 || status == 429 ? Future.failedFuture(new TargetFailure(answered))
                : Future.succeededFuture(answered);
          });
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  // During a rotation's overlap, one signature per secret, space-separated, as Standard Webhooks allows.
  private static String signature(Subscription subscription, String id, String timestamp, byte[] body) {
    StringBuilder signatures = new StringBuilder();
    for (String secret : subscription.secrets(System.currentTimeMillis())) {
      signatures.append(signatures.isEmpty() ? "" : " ")
          .append(Signatures.signStandard(Signatures.standardKey(secret), id, timestamp, body));
    }
    return signatures.toString();
  }

  private Attempt attempt(Subscription subscription, Answered answered, Throwable failure, long durationMs) {
    if (answered != null) {
      int status = answered.status();
      boolean success = status >= 200 && status < 300;
      String error = success ? null : "HTTP " + status + (status >= 300 && status < 400
          ? " (redirects are not followed)" : "") + " from " + subscription.target();
      return new Attempt(success, status, error, durationMs, answered.preview());
    }
    if (failure instanceof TargetFailure f) {
      return new Attempt(false, f.status, "HTTP " + f.status + " from " + subscription.target(), durationMs,
          f.preview);
    }
    if (failure instanceof OpenCircuitException) {
      return new Attempt(false, null, "circuit breaker of " + subscription.target() + " is open: not attempted",
          durationMs, null);
    }
    String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    return new Attempt(false, null, truncate("POST to " + subscription.target() + " failed: " + message), durationMs,
        null);
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
