package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.kit.async.Contexts;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.sources.webhook.WebhookPlugin;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;

/**
 * The webhook source's side of the dead-letter queue: parks a delivery that failed its last attempt, and makes one
 * attempt of what the queue sends back (out of the subscription's order), checked against the owner's scopes again.
 */
final class DeadLetters {
  private static final long PARK_TIMEOUT_MS = 30_000;

  private final Vertx vertx;
  private final Context context;
  private final WebhookSettings settings;
  private final Sender sender;
  private final Events events;
  private final Function<String, Dispatcher> find;
  private final Function<String, AttemptLog> attemptLog;

  /**
   * @param find the dispatcher of a subscription id, or a {@code NOT_FOUND} {@link HubException}
   * @param attemptLog the attempt log of a subscription id
   */
  DeadLetters(Vertx vertx, Context context, WebhookSettings settings, Sender sender, Events events,
      Function<String, Dispatcher> find, Function<String, AttemptLog> attemptLog) {
    this.vertx = vertx;
    this.context = context;
    this.settings = settings;
    this.sender = sender;
    this.events = events;
    this.find = find;
    this.attemptLog = attemptLog;
  }

  /** Parks a delivery that failed its last attempt; completes with the dead-letter entry's id. */
  Future<String> park(Subscription subscription, HubEvent event, int attempts, long firstFailureAt, String error) {
    JsonObject entry = new JsonObject()
        .put("origin", new JsonObject().put("plugin", WebhookPlugin.NAME).put("address", WebhookPlugin.REDELIVER_ADDRESS)
            .put("target", "POST " + subscription.target()))
        .put("category", event.category())
        .put("reason", "subscription '" + subscription.id() + "': " + error + " (after " + attempts + " attempts)")
        .put("payload", new JsonObject().put("subscription", subscription.id()).put("event", event.toJson()))
        .put("attempts", attempts)
        .put("firstFailureAt", Fields.time(firstFailureAt))
        .put("lastFailureAt", Fields.time(System.currentTimeMillis()));
    return vertx.eventBus().<JsonObject>request(settings.dlqAddress(), entry,
        new DeliveryOptions().setSendTimeout(PARK_TIMEOUT_MS)).map(reply -> reply.body().getString("id"));
  }

  // A resubmission from the dead-letter queue: one attempt, out of the subscription's order.
  void redeliver(Message<Object> message) {
    Contexts.on(context, () -> {
      if (!(message.body() instanceof JsonObject body) || !(body.getValue("event") instanceof JsonObject envelope)) {
        throw HubException.badRequest("a redelivery is {\"subscription\": id, \"event\": envelope}");
      }
      Dispatcher dispatcher = find.apply(String.valueOf(body.getValue("subscription")));
      HubEvent event = HubEvent.fromJson(envelope);
      int number = parseAttempts(message.headers().get("dlq-attempts")) + 1;
      Subscription subscription = dispatcher.subscription();
      if (!subscription.owner().mayRead(event.category(), event.key())) {
        throw HubException.forbidden("subscription '" + subscription.id() + "' may not deliver category '"
            + event.category() + "'" + (event.key() == null ? "" : " key '" + event.key() + "'")
            + ": its owner's recorded scopes do not allow reading it");
      }
      int resubmission = Math.max(1, parseAttempts(message.headers().get("dlq-resubmission")));
      return sender.send(subscription, event, resubmission).map(attempt -> {
        attemptLog.apply(subscription.id()).add(event, number, true, attempt);
        JsonObject outcome = Sender.outcome(subscription, event, attempt, number).put("resubmitted", true);
        if (attempt.success()) {
          events.publish(Events.WEBHOOK, "webhook-delivered", subscription.id(), outcome);
        } else {
          events.publish(Events.WEBHOOK, "webhook-failed", subscription.id(), outcome.put("error", attempt.error())
              .put("maxAttempts", 1).put("willRetry", false).put("nextAttemptInMs", null).put("parked", true)
              .put("deadLetterId", message.headers().get("dlq-entry-id")).put("parkError", null));
        }
        return attempt;
      });
    }).onComplete(ar -> {
      if (ar.failed()) {
        int code = ar.cause() instanceof HubException e ? e.code().httpStatus() : 500;
        message.fail(code, ar.cause().getMessage());
      } else if (ar.result().success()) {
        message.reply(new JsonObject().put("status", ar.result().status()).put("durationMs", ar.result().durationMs()));
      } else {
        message.fail(502, ar.result().error());
      }
    });
  }

  private static int parseAttempts(String header) {
    try {
      return header == null ? 0 : Integer.parseInt(header);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
