package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.EventPublisher;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.OutboundClient;
import dev.eventhub.kit.http.TargetBreakers;
import dev.eventhub.sources.scheduler.SchedulerPlugin;
import io.vertx.circuitbreaker.OpenCircuitException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs actions: publishes their event, or calls their endpoint with a timeout, retries with doubling
 * backoff and, after the last failed attempt, parks the call in the dead-letter queue.
 */
final class ActionRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);
  private static final int MAX_ERROR = 500;
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /**
   * How an execution ended.
   *
   * @param status the last HTTP status, or null (publish actions, no response)
   * @param response what was read of the last answer's body, or null (publish actions, no response)
   * @param deadLetterId the dead-letter entry the call was parked as, or null
   * @param deadLetterError why parking failed, or null
   */
  record Outcome(boolean success, Integer status, Response response, String error, int attempts,
      String deadLetterId, String deadLetterError) {
    JsonObject toJson() {
      JsonObject json = new JsonObject().put("success", success).put("status", status).put("error", error)
          .put("attempts", attempts).put("deadLetterId", deadLetterId).put("deadLetterError", deadLetterError);
      if (response != null) {
        json.put("responseBytes", response.bytes()).put("responseTruncated", response.truncated());
      }
      return json;
    }
  }

  /**
   * How much of an answer's body was read: at most {@code plugins.scheduler.http.maxResponseBytes}.
   *
   * @param truncated whether the body was longer, and reading stopped there
   */
  record Response(int bytes, boolean truncated) {
    static Response of(OutboundClient.Answer answer) {
      return new Response(answer.body().length(), answer.truncated());
    }
  }

  /** An answer that counts against the target's breaker (5xx, 429): still the answer the outcome reports. */
  private static final class TargetFailure extends RuntimeException {
    private final transient OutboundClient.Answer answer;

    TargetFailure(OutboundClient.Answer answer) {
      super("HTTP " + answer.status(), null, false, false);
      this.answer = answer;
    }
  }

  private final Vertx vertx;
  private final EventPublisher publisher;
  private final OutboundClient client;
  private final SchedulerSettings settings;
  private final Clock clock;
  private final TargetBreakers breakers;
  private final RecoveryEvents recovery;

  ActionRunner(Vertx vertx, EventPublisher publisher, OutboundClient client, SchedulerSettings settings, Clock clock,
      TargetBreakers breakers, RecoveryEvents recovery) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.client = client;
    this.settings = settings;
    this.clock = clock;
    this.breakers = breakers;
    this.recovery = recovery;
  }

  /**
   * Runs {@code action} for one execution; never fails, the outcome says what happened.
   *
   * @param idempotencyKey what every attempt of an HTTP action sends as {@code Idempotency-Key} (unless
   *     the action sets that header itself), so that the endpoint can tell a repeat from a new call
   * @param retry whether an HTTP action is retried and parked when it keeps failing; a resubmission
   *     from the dead-letter queue makes one attempt and lets the queue keep the entry
   */
  Future<Outcome> run(Action action, String schedule, String executionId, String idempotencyKey, boolean retry) {
    if (action instanceof PublishAction p) {
      return publisher.publish(p.draft(schedule, executionId)).transform(ar -> Future.succeededFuture(ar.succeeded()
          ? new Outcome(true, null, null, null, 1, null, null)
          : new Outcome(false, null, null, truncate("publish failed: " + ar.cause().getMessage()), 1, null, null)));
    }
    HttpAction http = (HttpAction) action;
    int attempts = retry ? (http.attempts() != null ? http.attempts() : settings.httpAttempts()) : 1;
    Promise<Outcome> done = Promise.promise();
    attempt(http, schedule, executionId, idempotencyKey, 1, attempts, retry, clock.instant(), done);
    return done.future();
  }

  private void attempt(HttpAction http, String schedule, String executionId, String idempotencyKey, int n,
      int attempts, boolean parks, Instant first, Promise<Outcome> done) {
    String target = TargetBreakers.target(http.url());
    guarded(http, target, idempotencyKey).onComplete(ar -> {
      OutboundClient.Answer answer = ar.succeeded() ? ar.result()
          : ar.cause() instanceof TargetFailure f ? f.answer : null;
      Integer status = answer != null ? answer.status() : null;
      Response response = answer != null ? Response.of(answer) : null;
      if (status != null && status >= 200 && status < 300) {
        recovery.ended(schedule, executionId, target, n, "delivered", null, first.toEpochMilli());
        done.complete(new Outcome(true, status, response, null, n, null, null));
        return;
      }
      String error = truncate(status != null ? "HTTP " + status + " from " + http.method() + " " + http.shownUrl()
          : ar.cause() instanceof OpenCircuitException ? "circuit breaker of " + target + " is open: not attempted"
          : http.method() + " " + http.shownUrl() + " failed: " + message(ar.cause()));
      long delay = n < attempts ? Math.max(1, backoff(http, n)) : 0;
      recovery.failed(schedule, executionId, target, error, n, attempts, delay);
      if (n < attempts) {
        vertx.setTimer(delay, id -> attempt(http, schedule, executionId, idempotencyKey,
            n + 1, attempts, parks, first, done));
      } else if (parks) {
        // A resubmission from the queue does not park again: its entry stays there, one attempt more.
        park(http, schedule, executionId, n, first, error)
            .onSuccess(id -> {
              recovery.ended(schedule, executionId, target, n, "parked", id, first.toEpochMilli());
              done.complete(new Outcome(false, status, response, error, n, id, null));
            })
            .onFailure(e -> {
              recovery.ended(schedule, executionId, target, n, "dropped", null, first.toEpochMilli());
              done.complete(new Outcome(false, status, response, error, n, null, truncate(e.getMessage())));
            });
      } else {
        recovery.ended(schedule, executionId, target, n, "parked", null, first.toEpochMilli());
        done.complete(new Outcome(false, status, response, error, n, null, null));
      }
    });
  }

  // One attempt through the target host's breaker: 5xx and 429 answers count against it, as failures do.
  private Future<OutboundClient.Answer> guarded(HttpAction http, String target, String idempotencyKey) {
    return breakers.of(target).<OutboundClient.Answer>execute(() -> send(http, idempotencyKey).compose(answer ->
        answer.status() >= 500 || answer.status() == 429 ? Future.failedFuture(new TargetFailure(answer))
            : Future.succeededFuture(answer)));
  }

  private long backoff(HttpAction http, int failedAttempts) {
    Duration base = http.backoff() != null ? http.backoff() : settings.httpBackoff();
    long ms = base.toMillis() << Math.min(failedAttempts - 1, 30);
    return Math.min(ms < 0 ? Long.MAX_VALUE : ms, settings.httpMaxBackoff().toMillis());
  }

  // One attempt: the timeout is a deadline for all of it, and at most maxResponseBytes of the answer is read.
  private Future<OutboundClient.Answer> send(HttpAction http, String idempotencyKey) {
    Duration timeout = http.timeout() != null ? http.timeout() : settings.httpTimeout();
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    for (Map.Entry<String, Object> h : http.headers()) {
      headers.set(h.getKey(), (String) h.getValue());
    }
    if (idempotencyKey != null && !headers.contains(IDEMPOTENCY_KEY)) {
      headers.set(IDEMPOTENCY_KEY, idempotencyKey);
    }
    Object body = http.body();
    Buffer buffer = null;
    if (body instanceof String s) {
      buffer = Buffer.buffer(s);
    } else if (body != null) {
      if (!headers.contains("Content-Type")) {
        headers.set("Content-Type", "application/json");
      }
      buffer = body instanceof JsonObject o ? o.toBuffer() : ((JsonArray) body).toBuffer();
    }
    return client.send(new OutboundClient.Call(HttpMethod.valueOf(http.method()), http.url(), headers, buffer, timeout,
        settings.httpMaxResponseBytes()));
  }

  private static String message(Throwable cause) {
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private Future<String> park(HttpAction http, String schedule, String executionId, int attempts, Instant first,
      String error) {
    JsonObject entry = new JsonObject()
        .put("origin", new JsonObject().put("plugin", SchedulerPlugin.NAME).put("address", SchedulerPlugin.RETRY_ADDRESS)
            .put("target", http.method() + " " + http.shownUrl()))
        .put("category", SchedulerPlugin.CATEGORY)
        .put("reason", "schedule '" + schedule + "': " + error + " (after " + attempts + " attempts)")
        .put("payload", new JsonObject().put("schedule", schedule).put("executionId", executionId)
            .put("action", http.toJson()))
        .put("attempts", attempts)
        .put("firstFailureAt", Fields.time(first))
        .put("lastFailureAt", Fields.time(clock.instant()));
    return vertx.eventBus().<JsonObject>request(settings.dlqAddress(), entry, new DeliveryOptions().setSendTimeout(30_000))
        .map(reply -> reply.body().getString("id"))
        .onFailure(e -> LOG.error("could not park the failed HTTP action of schedule '" + schedule
            + "', execution " + executionId + " in the dead-letter queue at " + settings.dlqAddress() + ": " + e
            + "; the entry was: " + entry.encode()));
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "...";
  }
}
