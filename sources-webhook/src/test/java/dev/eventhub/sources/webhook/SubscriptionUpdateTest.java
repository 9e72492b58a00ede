package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** PATCH of a subscription keeps its cursor; secrets rotate with an overlap, outbound and inbound. */
class SubscriptionUpdateTest extends WebhookTestBase {
  private JsonObject patch(String id, JsonObject body, int status) {
    return ok(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/" + id, token, body), status);
  }

  @Test
  void shouldChangeUrlFiltersHeadersAndPauseKeepingTheCursor() {
    start();
    subscribe("changing", "/a", "orders");
    String first = publish("orders", "placed", "o-1", new JsonObject());
    assertThat(receiver.next().path()).isEqualTo("/a");
    outcome("changing");

    JsonObject changed = patch("changing", new JsonObject().put("url", receiver.url("/b"))
        .put("categories", new JsonArray().add("orders").add("billing")).put("events", new JsonArray().add("paid"))
        .put("headers", new JsonObject().put("X-Env", "patched")), 200);
    assertThat(changed.getJsonArray("categories")).containsExactly("orders", "billing");
    assertThat(changed.getJsonObject("headers").getString("X-Env")).isEqualTo("***");
    assertThat(changed.containsKey("secret")).isFalse();
    events.next("webhook-updated", "changing");

    publish("orders", "placed", "o-2", new JsonObject());
    String paid = publish("billing", "paid", "b-1", new JsonObject());
    Receiver.Request second = receiver.next();
    // The cursor was kept: the first event is not sent again, and the filter is the new one.
    assertThat(second.path()).isEqualTo("/b");
    assertThat(second.headers().get("webhook-id")).isEqualTo(paid).isNotEqualTo(first);
    assertThat(second.headers().get("X-Env")).isEqualTo("patched");
    outcome("changing");

    JsonObject paused = patch("changing", new JsonObject().put("paused", true), 200);
    assertThat(paused.getBoolean("paused")).isTrue();
    assertThat(paused.getJsonObject("delivery").getString("mode")).isEqualTo("paused");
    String whilePaused = publish("billing", "paid", "b-2", new JsonObject());
    assertThat(ok(hub.get("/api/webhook/subscriptions/changing", token), 200).getJsonObject("delivery")
        .getString("mode")).isEqualTo("paused");
    assertThat(receiver.count()).isEqualTo(2);

    patch("changing", new JsonObject().put("paused", false), 200);
    assertThat(receiver.next().headers().get("webhook-id")).isEqualTo(whilePaused);
    assertThat(receiver.count()).isEqualTo(3);
  }

  @Test
  void shouldRefuseABadPatchAndChangeNothing() {
    start();
    subscribe("strict", "/s", "orders");

    error(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/strict", token,
        new JsonObject().put("secret", "whsec_x")), 400, "bad_request");
    error(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/strict", token,
        new JsonObject().put("url", "ftp://x")), 400, "bad_request");
    error(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/strict", token,
        new JsonObject().put("paused", "yes")), 400, "bad_request");
    error(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/nobody", token,
        new JsonObject().put("paused", true)), 404, "not_found");
    error(hub.send(HttpMethod.PATCH, "/api/webhook/subscriptions/strict", hub.token("publish:webhook subscribe:orders"),
        new JsonObject().put("categories", new JsonArray().add("secrets"))), 403, "forbidden");

    JsonObject unchanged = ok(hub.get("/api/webhook/subscriptions/strict", token), 200);
    assertThat(unchanged.getJsonArray("categories")).containsExactly("orders");
    assertThat(unchanged.getString("url")).endsWith("/s");
  }

  @Test
  void shouldSignWithBothSecretsDuringTheOverlapThenWithTheNewOneOnly() {
    start();
    String old = subscribe("rotating", "/r", "orders").getString("secret");

    JsonObject rotated = ok(hub.post("/api/webhook/subscriptions/rotating/rotate-secret", token,
        new JsonObject().put("overlap", "1h")), 200);
    String fresh = rotated.getString("secret");
    assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
    assertThat(rotated.getString("previousSecretUntil")).isNotNull();
    assertThat(ok(hub.get("/api/webhook/subscriptions/rotating", token), 200).encode()).doesNotContain(fresh, old);

    String id = publish("orders", "placed", "o-1", new JsonObject());
    Receiver.Request both = receiver.next();
    String signature = both.headers().get("webhook-signature");
    String timestamp = both.headers().get("webhook-timestamp");
    assertThat(signature.split(" ")).hasSize(2);
    assertThat(StandardWebhooks.verify(fresh, id, timestamp, both.body().getBytes(), signature)).isTrue();
    assertThat(StandardWebhooks.verify(old, id, timestamp, both.body().getBytes(), signature)).isTrue();
    outcome("rotating");

    String newest = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
    ok(hub.post("/api/webhook/subscriptions/rotating/rotate-secret", token,
        new JsonObject().put("secret", newest).put("overlap", "0s")), 200);
    String id2 = publish("orders", "placed", "o-2", new JsonObject());
    Receiver.Request one = receiver.next();
    assertThat(one.headers().get("webhook-signature").split(" ")).hasSize(1);
    assertThat(StandardWebhooks.verify(newest, id2, one.headers().get("webhook-timestamp"), one.body().getBytes(),
        one.headers().get("webhook-signature"))).isTrue();

    error(hub.post("/api/webhook/subscriptions/rotating/rotate-secret", token,
        new JsonObject().put("secret", "not-whsec")), 400, "bad_request");
    error(hub.post("/api/webhook/subscriptions/rotating/rotate-secret", token,
        new JsonObject().put("overlap", "forever")), 400, "bad_request");
  }

  @Test
  void shouldAcceptBothInboundSecretsDuringTheOverlapAndKeepItAcrossARestart() {
    start();
    String old = ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "in")
        .put("verification", "standard-webhooks")), 201).getString("secret");
    JsonObject rotated = ok(hub.post("/api/webhook/endpoints/in/rotate-secret", token,
        new JsonObject().put("overlap", "1h")), 200);
    String fresh = rotated.getString("secret");
    assertThat(fresh).isNotEqualTo(old);

    ok(inbound(fresh, "m1"), 200);
    ok(inbound(old, "m2"), 200);
    restart();
    ok(inbound(old, "m3"), 200);

    ok(hub.post("/api/webhook/endpoints/in/rotate-secret", token, new JsonObject().put("overlap", "0s")), 200);
    error(inbound(fresh, "m4"), 401, "unauthorized");
    error(hub.post("/api/webhook/endpoints/nowhere/rotate-secret", token, new JsonObject()), 404, "not_found");
  }

  private io.vertx.ext.web.client.HttpResponse<Buffer> inbound(String secret, String id) {
    long now = System.currentTimeMillis() / 1000;
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("webhook-id", id)
        .add("webhook-timestamp", String.valueOf(now))
        .add("webhook-signature", StandardWebhooks.sign(secret, id, now, "{}".getBytes(StandardCharsets.UTF_8)));
    return TestHub.await(hub.client().post("/hooks/in").putHeaders(headers).sendBuffer(Buffer.buffer("{}")));
  }
}
