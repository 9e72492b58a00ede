package dev.eventhub.sources.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 20: deliveries carry the event's attributes; the source's own events name the subscription and event. */
class WebhookAttributesTest extends WebhookTestBase {
  @Test
  void shouldDeliverAttributesAndSetSubscriptionAndEventAttributes() {
    start();
    subscribe("orders", "/in", "orders");
    JsonObject attributes = new JsonObject().put("agent_id", "a-7");
    String id = hub.post("/api/events", hub.adminToken(), new JsonObject().put("category", "orders")
        .put("event", "order-placed").put("attributes", attributes)).bodyAsJsonObject().getString("id");

    assertThat(receiver.next().json().getJsonObject("attributes")).isEqualTo(attributes);
    HubEvent delivered = events.next("webhook-delivered", "orders");
    assertThat(delivered.attribute("subscription_id")).isEqualTo("orders");
    assertThat(delivered.attribute("event_id")).isEqualTo(id);
  }
}
