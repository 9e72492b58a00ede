package dev.eventhub.sources.webhook;

import com.google.auto.service.AutoService;
import dev.eventhub.api.spi.CategoryDescriptor;
import dev.eventhub.api.spi.EventTypeDescriptor;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.SourcePlugin;
import dev.eventhub.sources.webhook.impl.WebhookSettings;
import dev.eventhub.sources.webhook.impl.WebhookVerticle;
import io.vertx.core.Deployable;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Webhooks in and out. Inbound: endpoints at {@code POST /hooks/<endpoint>} verify third-party
 * webhooks (Standard Webhooks, GitHub, Stripe, Slack, Shopify, GitLab, Twilio, a configurable HMAC, or none)
 * and record them. Outbound: subscriptions deliver
 * matching hub events to an HTTP target, signed per Standard Webhooks, at least once and in order per key,
 * with retries, a circuit breaker per target and the dead-letter queue after the last attempt.
 * Categories {@code webhook} (key = endpoint or subscription id) and {@code error-recovery}.
 */
@AutoService(SourcePlugin.class)
public final class WebhookPlugin implements SourcePlugin {
  /** The plugin's name. */
  public static final String NAME = "webhook";
  /** The category of received webhooks, registrations and delivery outcomes. */
  public static final String CATEGORY = "webhook";
  /** The category of retries, circuit-breaker changes and recoveries. */
  public static final String RECOVERY_CATEGORY = "error-recovery";
  /**
   * Where the dead-letter queue sends a parked delivery back to be delivered again (request-reply;
   * the body is the entry's payload {@code {"subscription": id, "event": <envelope>}}). The reply is
   * {@code {"status", "durationMs"}} when the target answered 2xx; otherwise the message fails.
   */
  public static final String REDELIVER_ADDRESS = "webhook.redeliver";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "Receives verified webhooks and delivers hub events to HTTP targets, signed, retried, in order";
  }

  @Override
  public List<CategoryDescriptor> categories() {
    return List.of(
        CategoryDescriptor.of(CATEGORY, "Webhooks received and delivered; key = endpoint or subscription id",
            EventTypeDescriptor.of("webhook-received", "A verified webhook arrived at an endpoint; data: endpoint, "
                + "verification, webhookId, headers (those the endpoint keeps), contentType, bodyType (json, text "
                + "or base64), body, size"),
            EventTypeDescriptor.of("webhook-registered", "An endpoint or subscription was created; data: kind "
                + "(endpoint or subscription), id, and for an endpoint verification, for a subscription target, "
                + "categories, events, keys"),
            EventTypeDescriptor.of("webhook-updated", "An endpoint's or subscription's definition changed (PATCH, "
                + "or a secret rotated); data: kind, id, changed (the names of the fields changed)"),
            EventTypeDescriptor.of("webhook-unregistered", "An endpoint or subscription was deleted; data: kind, id"),
            EventTypeDescriptor.of("webhook-delivered", "A target accepted an event (2xx); data: subscription, "
                + "target, eventId, eventCursor, category, event, status, durationMs, attempt, resubmitted"),
            EventTypeDescriptor.of("webhook-failed", "A delivery attempt failed; data: subscription, target, "
                + "eventId, eventCursor, category, event, status, error, durationMs, attempt, maxAttempts, "
                + "willRetry, nextAttemptInMs, parked, deadLetterId, parkError, resubmitted")),
        CategoryDescriptor.of(RECOVERY_CATEGORY, "Retries, circuit breakers and recoveries of webhook deliveries",
            EventTypeDescriptor.of("retry-started", "A delivery failed its first attempt and will be retried; key = "
                + "subscription; data: subscription, target, eventId, error, maxAttempts, nextAttemptInMs"),
            EventTypeDescriptor.of("retry-completed", "The retries of a delivery ended; key = subscription; data: "
                + "subscription, target, eventId, attempts, outcome (delivered or parked), deadLetterId, durationMs"),
            EventTypeDescriptor.of("circuit-breaker-state-changed", "The circuit breaker of a target changed state; "
                + "key = target; data: target, state (open, half-open, closed), previousState, failures"),
            EventTypeDescriptor.of("error-resolved", "A subscription that was failing delivered again; key = "
                + "subscription; data: subscription, target, failingSince, durationMs, failedAttempts, parked")));
  }

  @Override
  public void validate(JsonObject config) {
    WebhookSettings.from(config);
  }

  @Override
  public Deployable createVerticle(PluginContext context) {
    return new WebhookVerticle(context, WebhookSettings.from(context.config()));
  }
}
