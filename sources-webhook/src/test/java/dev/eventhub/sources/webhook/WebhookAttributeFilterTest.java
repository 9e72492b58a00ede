package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: an outbound subscription's {@code attributes} filter, as a WebSocket subscribe's: stored, shown,
 * changed by PATCH, and only the matching events are delivered, live and when catching up from the log.
 */
class WebhookAttributeFilterTest extends WebhookTestBase {
  // One key for every event: deliveries of a key keep their order, so once the last event arrived, an
  // earlier one that was to be delivered has arrived too.
  private static final String KEY = "k-1";

  private String publish(String agent, String task) {
    JsonObject attributes = new JsonObject();
    if (agent != null) {
      attributes.put("agent_id", agent);
    }
    if (task != null) {
      attributes.put("task_id", task);
    }
    JsonObject draft = new JsonObject().put("category", "agents").put("event", "tool-called").put("key", KEY);
    if (!attributes.isEmpty()) {
      draft.put("attributes", attributes);
    }
    return ok(hub.post("/api/events", hub.adminToken(), draft), 201).getString("id");
  }

  private JsonObject patch(String id, JsonObject body, int status) {
    return ok(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/" + id, token, body), status);
  }

  private java.util.List<String> delivered() {
    return receiver.all().stream().map(Receiver.Request::eventId).toList();
  }

  @Test
  void shouldDeliverOnlyMatchingEventsLiveAndCatchingUpAndLetPatchChangeTheFilter() {
    start();
    JsonObject filter = new JsonObject().put("agent_id", "a-7").put("task_id", "t-*");
    JsonObject created = subscribe(new JsonObject().put("id", "agent").put("url", receiver.url("/a"))
        .put("categories", new JsonArray().add("agents")).put("attributes", filter));
    assertThat(created.getJsonObject("attributes")).isEqualTo(filter);
    assertThat(ok(hub.get("/api/webhook/subscriptions/agent", token), 200).getJsonObject("attributes"))
        .isEqualTo(filter);

    // Live.
    publish("a-8", "t-1");
    publish(null, null);
    publish("a-7", "x-1");
    publish("a-7", null);
    String live = publish("a-7", "t-1");
    assertThat(receiver.next().eventId()).isEqualTo(live);
    assertThat(delivered()).containsExactly(live);
    // Pausing stops the dispatcher; an attempt still in flight then is made again on resume (at least once).
    awaitOutcome(live);

    // Catching up from the log: resumed, a subscription reads what it missed through history.
    patch("agent", new JsonObject().put("paused", true), 200);
    publish("a-8", "t-2");
    String missed = publish("a-7", "t-2");
    publish("a-9", "t-3");
    patch("agent", new JsonObject().put("paused", false), 200);
    String after = publish("a-7", "t-3");
    assertThat(receiver.next().eventId()).isEqualTo(missed);
    assertThat(receiver.next().eventId()).isEqualTo(after);
    assertThat(delivered()).containsExactly(live, missed, after);
    awaitOutcome(after);

    // PATCH changes the filter; {} selects every event again.
    JsonObject changed = patch("agent", new JsonObject().put("attributes", new JsonObject().put("agent_id", "a-8")), 200);
    assertThat(changed.getJsonObject("attributes")).isEqualTo(new JsonObject().put("agent_id", "a-8"));
    events.next("webhook-updated", "agent");
    publish("a-7", "t-4");
    String eight = publish("a-8", "t-4");
    assertThat(receiver.next().eventId()).isEqualTo(eight);
    assertThat(delivered()).containsExactly(live, missed, after, eight);

    // The filter survives a restart.
    restart();
    assertThat(ok(hub.get("/api/webhook/subscriptions/agent", token), 200).getJsonObject("attributes"))
        .isEqualTo(new JsonObject().put("agent_id", "a-8"));
    String skipped = publish("a-7", "t-5");
    String again = publish("a-8", "t-5");
    awaitDelivery(again, live, missed, after, eight);
    assertThat(delivered()).doesNotContain(skipped).containsSubsequence(live, missed, after, eight, again);

    patch("agent", new JsonObject().put("attributes", new JsonObject()), 200);
    events.next("webhook-updated", "agent");
    String any = publish(null, null);
    awaitDelivery(any, live, missed, after, eight, again);
    assertThat(ok(hub.get("/api/webhook/subscriptions/agent", token), 200).getJsonObject("attributes")).isEmpty();
  }

  // The dispatcher has dealt with the delivery of this event: its cursor is past it.
  private void awaitOutcome(String id) {
    events.next(e -> e.event().equals("webhook-delivered") && id.equals(e.data().getString("eventId")));
  }

  // Delivery is at least once across a restart: an event delivered just before it may come again first.
  private void awaitDelivery(String id, String... mayComeAgain) {
    String next = receiver.next().eventId();
    while (!next.equals(id)) {
      assertThat(next).as("a redelivery of an event delivered before").isIn((Object[]) mayComeAgain);
      next = receiver.next().eventId();
    }
  }

  @Test
  void shouldRefuseAMalformedAttributeFilterNamingTheFieldAndChangeNothing() {
    start();
    JsonObject base = new JsonObject().put("id", "bad").put("url", receiver.url("/b"))
        .put("categories", new JsonArray().add("agents"));
    JsonObject tooMany = new JsonObject();
    for (int i = 0; i < 17; i++) {
      tooMany.put("a" + i, "v");
    }
    for (Object bad : new Object[] {"agent_id:a-7", new JsonArray().add("a-7"), new JsonObject().put("Agent", "a-7"),
        new JsonObject().put("agent_id", 7), new JsonObject().put("agent_id", "x".repeat(257)), tooMany}) {
      String message = error(hub.post("/api/webhook/subscriptions", token, base.copy().put("attributes", bad)),
          400, "bad_request");
      assertThat(message).as(String.valueOf(bad)).contains("field 'attributes'");
    }
    error(hub.get("/api/webhook/subscriptions/bad", token), 404, "not_found");

    subscribe(base.copy().put("attributes", new JsonObject().put("agent_id", "a-7")));
    String message = error(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/bad", token,
        new JsonObject().put("attributes", new JsonObject().put("Agent", "a-8"))), 400, "bad_request");
    assertThat(message).contains("field 'attributes'").contains("Agent");
    assertThat(ok(hub.get("/api/webhook/subscriptions/bad", token), 200).getJsonObject("attributes"))
        .isEqualTo(new JsonObject().put("agent_id", "a-7"));
  }
}
