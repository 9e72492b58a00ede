package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventPublisher;
import dev.eventhub.api.HubEvent;
import dev.eventhub.sources.webhook.WebhookPlugin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Publishes the plugin's events, and says which of them a subscription must not be sent. */
final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);
  static final String WEBHOOK = WebhookPlugin.CATEGORY;
  static final String RECOVERY = WebhookPlugin.RECOVERY_CATEGORY;
  // The outcome of every delivery is an event: delivering those would feed on itself.
  private static final Set<String> OUTCOMES = Set.of("webhook-delivered", "webhook-failed");

  private final EventPublisher publisher;

  Events(EventPublisher publisher) {
    this.publisher = publisher;
  }

  /** Publishes an event; a failure is logged, as nothing waits on it. */
  Future<HubEvent> publish(String category, String type, String key, JsonObject data) {
    return publisher.publish(withAttributes(EventDraft.of(category, type, key, data), type, key, data))
        .onFailure(e -> LOG.warn("could not publish " + category + "/" + type + " of " + key + ": " + e));
  }

  // Issue 20: the endpoint (inbound) or the subscription (outbound) the event is about, and the event a
  // delivery or retry concerns, as attributes. Ids stay within the limits; a longer value is left out.
  private static EventDraft withAttributes(EventDraft draft, String type, String key, JsonObject data) {
    boolean endpoint = type.equals("webhook-received") || "endpoint".equals(data.getValue("kind"));
    Object eventId = data.getValue("eventId");
    return draft.withOptionalAttribute(endpoint ? "endpoint_id" : "subscription_id", key)
        .withOptionalAttribute("event_id", eventId instanceof String s ? s : null);
  }

  /**
   * Whether {@code event} is one a subscription must never be sent: one of a category (or a key) its
   * owner's recorded scopes may not read (none for a subscription without a recorded owner), a delivery
   * outcome (of any subscription), or a recovery event about the subscription itself or its own
   * target, whose delivery could only fail again and make another.
   */
  static boolean excluded(HubEvent event, Subscription subscription) {
    if (!subscription.owner().mayRead(event.category(), event.key())) {
      return true;
    }
    if (WEBHOOK.equals(event.category())) {
      return OUTCOMES.contains(event.event());
    }
    return RECOVERY.equals(event.category())
        && (subscription.id().equals(event.key()) || subscription.target().equals(event.key()));
  }
}
