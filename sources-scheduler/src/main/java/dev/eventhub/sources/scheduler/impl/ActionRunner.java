package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.EventPublisher;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.scheduler.SchedulerPlugin;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs actions: publishes their event, or calls their endpoint with a timeout, retries with doubling
 * backoff and, after the last failed attempt, parks the call in the dead-letter queue.
 */
final class ActionRunner {
  private static final Logger LOG = Logger.getLogger(ActionRunner.class.getName());
  private static final int MAX_ERROR = 500;

  /**
   * How an execution ended.
   *
   * @param status the last HTTP status, or null (publish actions, no response)
   * @param deadLetterId the dead-letter entry the call was parked as, or null
   * @param deadLetterError why parking failed, or null
   */
  record Outcome(boolean success, Integer status, String error, int attempts, String deadLetterId,
      String deadLetterError) {
    JsonObject toJson() {
      return new JsonObject().put("success", success).put("status", status).put("error", error)
          .put("attempts", attempts).put("deadLetterId", deadLetterId).put("deadLetterError", deadLetterError);
    }
  }

  private final Vertx vertx;
  private final EventPublisher publisher;
  private final WebClient client;
  private final SchedulerSettings settings;
  private final Clock clock;

  ActionRunner(Vertx vertx, EventPublisher publisher, WebClient client, SchedulerSettings settings, Clock clock) {
    this.vertx = vertx;
    this.publisher = publisher;
    this.client = client;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * Runs {@code action} for one execution; never fails, the outcome says what happened.
   *
   * @param retry whether an HTTP action is retried and parked when it keeps failing; a resubmission
   *     from the dead-letter queue makes one attempt and lets the queue keep the entry
   */
  Future<Outcome> run(Action action, String schedule, String executionId, boolean retry) {
    if (action instanceof PublishAction p) {
      return publisher.publish(p.draft(executionId)).transform(ar -> Future.succeededFuture(ar.succeeded()
          ? new Outcome(true, null, null, 1, null, null)
          : new Outcome(false, null, truncate("publish failed: " + ar.cause().getMessage()), 1, null, null)));
    }
    HttpAction http = (HttpAction) action;
    int attempts = retry ? (http.attempts() != null ? http.attempts() : settings.httpAttempts()) : 1;
    Promise<Outcome> done = Promise.promise();
    attempt(http, schedule, executionId, 1, attempts, retry, clock.instant(), done);
    return done.future();
  }

  private void attempt(HttpAction http, String schedule, String executionId, int n, int attempts, boolean parks,
      Instant first, Promise<Outcome> done) {
    send(http).onComplete(ar -> {
      Integer status = ar.succeeded() ? ar.result().statusCode() : null;
      if (status != null && status >= 200 && status < 300) {
        done.complete(new Outcome(true, status, null, n, null, null));
        return;
      }
      String error = truncate(status != null ? "HTTP " + status + " from " + http.method() + " " + http.shownUrl()
          : http.method() + " " + http.shownUrl() + " failed: " + ar.cause());
      if (n < attempts) {
        vertx.setTimer(Math.max(1, backoff(http, n)), id -> attempt(http, schedule, executionId, n + 1, attempts,
            parks, first, done));
      } else if (parks) {
        // A resubmission from the queue does not park again: its entry stays there, one attempt more.
        park(http, schedule, executionId, n, first, error)
            .onSuccess(id -> done.complete(new Outcome(false, status, error, n, id, null)))
            .onFailure(e -> done.complete(new Outcome(false, status, error, n, null, truncate(e.getMessage()))));
      } else {
        done.complete(new Outcome(false, status, error, n, null, null));
      }
    });
  }

  private long backoff(HttpAction http, int failedAttempts) {
    Duration base = http.backoff() != null ? http.backoff() : settings.httpBackoff();
    long ms = base.toMillis() << Math.min(failedAttempts - 1, 30);
    return Math.min(ms < 0 ? Long.MAX_VALUE : ms, settings.httpMaxBackoff().toMillis());
  }

  private Future<HttpResponse<Buffer>> send(HttpAction http) {
    long timeout = (http.timeout() != null ? http.timeout() : settings.httpTimeout()).toMillis();
    try {
      HttpRequest<Buffer> request = client.requestAbs(HttpMethod.valueOf(http.method()), http.url())
          .connectTimeout(timeout).idleTimeout(timeout);
      for (Map.Entry<String, Object> h : http.headers()) {
        request.putHeader(h.getKey(), (String) h.getValue());
      }
      Future<HttpResponse<Buffer>> response;
      Object body = http.body();
      if (body == null) {
        response = request.send();
      } else if (body instanceof String s) {
        response = request.sendBuffer(Buffer.buffer(s));
      } else {
        if (!request.headers().contains("Content-Type")) {
          request.putHeader("Content-Type", "application/json");
        }
        response = request.sendBuffer(body instanceof JsonObject o ? o.toBuffer() : ((JsonArray) body).toBuffer());
      }
      return response.timeout(timeout, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
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
        .onFailure(e -> LOG.log(Level.SEVERE, "could not park the failed HTTP action of schedule '" + schedule
            + "', execution " + executionId + " in the dead-letter queue at " + settings.dlqAddress() + ": " + e
            + "; the entry was: " + entry.encode()));
  }

  private static String truncate(String s) {
    return s == null || s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR) + "...";
  }
}
