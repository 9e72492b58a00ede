package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Where a subscription may deliver (issue 17 item 10: loopback, private and the like are refused
 * unless outbound.allowNetworks opens them; item 11: never to this hub's own inbound endpoints). The
 * names in the module's test hosts file resolve without a DNS server.
 */
class OutboundSafetyTest extends WebhookTestBase {
  /** A hub with outbound calls as they are by default: nothing opened. */
  private void startClosed() {
    start(c -> c.with("outbound.allowNetworks", new JsonArray()));
  }

  private JsonObject subscription(String id, String url) {
    return new JsonObject().put("id", id).put("url", url).put("categories", new JsonArray().add("orders"));
  }

  @Test
  void shouldRefuseALiteralLoopbackTargetWhenTheSubscriptionIsCreated() {
    startClosed();

    JsonObject error = ok(hub.post("/api/webhook/subscriptions", token, subscription("inside", receiver.url("/in"))),
        400);

    assertThat(error.getString("error")).isEqualTo("bad_request");
    assertThat(error.getString("message")).contains("field 'url'").contains("loopback (127.0.0.0/8)")
        .contains("outbound.allowNetworks");
    assertThat(ok(hub.post("/api/webhook/subscriptions", token,
        subscription("metadata", "http://[fd00:ec2::254]/latest")), 400).getString("message"))
        .contains("unique-local (fc00::/7)");
    assertThat(ok(hub.post("/api/webhook/subscriptions", token,
        subscription("mapped", "http://[::ffff:169.254.169.254]/latest")), 400).getString("message"))
        .contains("link-local (169.254.0.0/16)");
    assertThat(ok(hub.post("/api/webhook/subscriptions", token,
        subscription("local", "http://localhost:9/in")), 400).getString("message")).contains("loopback");
    assertThat(ok(hub.get("/api/webhook/subscriptions", token), 200).getJsonArray("subscriptions")).isEmpty();
  }

  @Test
  void shouldRecordAndParkADeliveryToANameThatResolvesToARefusedAddress() {
    startClosed();
    String url = receiver.url("/in").replace("127.0.0.1", "loopback.hub.test");
    subscribe(subscription("rebound", url));

    publish("orders", "order-created", "o-1", new JsonObject());

    HubEvent parked = events.next(e -> e.event().equals("webhook-failed") && "rebound".equals(e.key())
        && e.data().getBoolean("parked"));
    assertThat(parked.data().getString("error")).contains("loopback.hub.test (127.0.0.1)")
        .contains("loopback (127.0.0.0/8)").contains("outbound.allowNetworks");
    assertThat(parked.data().getString("deadLetterId")).isNotNull();
    assertThat(receiver.count()).isZero();
  }

  @Test
  void shouldRefuseASubscriptionToThisHubsOwnInboundEndpoint() {
    start();
    ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "open").put("verification", "none")), 201);

    JsonObject error = ok(hub.post("/api/webhook/subscriptions", token,
        subscription("loop", "http://127.0.0.1:" + hub.port() + "/hooks/open")), 400);

    assertThat(error.getString("message")).contains("this hub's own /hooks/ endpoint");
  }

  @Test
  void shouldRefuseADeliveryThatComesBackToThisHubThroughAnotherName() {
    start();
    ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "open").put("verification", "none")), 201);
    subscribe(subscription("loop", "http://loopback.hub.test:" + hub.port() + "/hooks/open"));

    publish("orders", "order-created", "o-1", new JsonObject());

    HubEvent failed = outcome("loop");
    assertThat(failed.event()).isEqualTo("webhook-failed");
    assertThat(failed.data().getInteger("status")).isEqualTo(508);
    assertThat(failed.data().getString("error")).contains("HTTP 508");
    HubEvent parked = events.next(e -> e.event().equals("webhook-failed") && "loop".equals(e.key())
        && e.data().getBoolean("parked"));
    assertThat(parked.data().getString("deadLetterId")).isNotNull();
    assertThat(events.seen()).noneMatch(e -> e.event().equals("webhook-received"));
  }
}
