package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Stripe, Slack, Shopify, GitLab, Twilio and the configurable HMAC scheme over real HTTP: a good
 * request is recorded once, a replay is refused, a bad one gets a 401 naming the scheme and never the
 * secret. The signatures are made here from each provider's description, independently of the plugin.
 */
class InboundSchemesTest extends WebhookTestBase {
  private static final String SECRET = "s3cr3t-for-tests";

  private void endpoint(String id, String verification, JsonObject extra) {
    ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", id).put("verification", verification)
        .put("secret", SECRET).mergeIn(extra == null ? new JsonObject() : extra)), 201);
  }

  private HttpResponse<Buffer> hook(String path, MultiMap headers, String body) {
    return TestHub.await(hub.client().post(path).putHeaders(headers).sendBuffer(Buffer.buffer(body)));
  }

  private HubEvent nextReceived(String endpoint) {
    return events.next(e -> e.event().equals("webhook-received") && endpoint.equals(e.key()));
  }

  private static byte[] mac(String algorithm, String key, String content) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** A refused request: 401, naming the scheme, not the secret. */
  private static void refused(HttpResponse<Buffer> response, String scheme) {
    assertThat(error(response, 401, "unauthorized")).contains(scheme).doesNotContain(SECRET);
  }

  @Test
  void shouldVerifyStripeWithSeveralV1DuringARotationAndRefuseReplaysAndStaleTimestamps() {
    start();
    endpoint("pay", "stripe", null);
    String body = "{\"id\":\"evt_1\",\"type\":\"invoice.paid\"}";
    long t = now();
    String v1 = hex(mac("HmacSHA256", SECRET, t + "." + body));
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("Stripe-Signature", "t=" + t + ",v1=" + hex(mac("HmacSHA256", "older", t + "." + body)) + ",v1=" + v1);

    ok(hook("/hooks/pay", good, body), 200);
    HubEvent received = nextReceived("pay");
    assertThat(received.data().getString("verification")).isEqualTo("stripe");
    assertThat(received.data().getString("webhookId")).isEqualTo("evt_1");
    error(hook("/hooks/pay", good, body), 409, "conflict");
    refused(hook("/hooks/pay", good, body.replace("paid", "void")), "stripe");
    long old = t - 301;
    refused(hook("/hooks/pay", MultiMap.caseInsensitiveMultiMap().add("Stripe-Signature", "t=" + old + ",v1="
        + hex(mac("HmacSHA256", SECRET, old + "." + body))), body), "stripe");
    refused(hook("/hooks/pay", MultiMap.caseInsensitiveMultiMap(), body), "Stripe-Signature");
  }

  @Test
  void shouldVerifySlackAndRefuseATamperedTimestamp() {
    start();
    endpoint("chat", "slack", null);
    String body = "{\"type\":\"event_callback\",\"event_id\":\"Ev1\"}";
    String ts = String.valueOf(now());
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("X-Slack-Request-Timestamp", ts).add("X-Slack-Signature", "v0=" + hex(mac("HmacSHA256", SECRET,
            "v0:" + ts + ":" + body)));

    ok(hook("/hooks/chat", good, body), 200);
    assertThat(nextReceived("chat").data().getString("webhookId")).isEqualTo("Ev1");
    error(hook("/hooks/chat", good, body), 409, "conflict");
    refused(hook("/hooks/chat", MultiMap.caseInsensitiveMultiMap().addAll(good)
        .set("X-Slack-Request-Timestamp", String.valueOf(now() + 1)), body), "slack");
  }

  @Test
  void shouldVerifyShopifyAndGitlabAndGuardTheirReplaysByTheBody() {
    start();
    endpoint("shop", "shopify", null);
    endpoint("lab", "gitlab", null);
    String body = "{\"order\":7}";
    MultiMap shopify = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("X-Shopify-Topic", "orders/create").add("X-Shopify-Webhook-Id", "w-1")
        .add("X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(mac("HmacSHA256", SECRET, body)));

    ok(hook("/hooks/shop", shopify, body), 200);
    HubEvent shop = nextReceived("shop");
    assertThat(shop.data().getString("webhookId")).isEqualTo("w-1");
    assertThat(shop.data().getJsonObject("headers").getString("x-shopify-topic")).isEqualTo("orders/create");
    error(hook("/hooks/shop", shopify.set("X-Shopify-Webhook-Id", "w-forged"), body), 409, "conflict");
    refused(hook("/hooks/shop", shopify, "{\"order\":8}"), "shopify");

    MultiMap gitlab = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("X-Gitlab-Event", "Push Hook").add("X-Gitlab-Event-UUID", "u-1").add("X-Gitlab-Token", SECRET);
    ok(hook("/hooks/lab", gitlab, body), 200);
    assertThat(nextReceived("lab").data().getJsonObject("headers").getString("x-gitlab-event")).isEqualTo("Push Hook");
    error(hook("/hooks/lab", gitlab, body), 409, "conflict");
    refused(hook("/hooks/lab", gitlab.set("X-Gitlab-Token", SECRET + "x"), "{}"), "gitlab");
  }

  @Test
  void shouldVerifyTwilioOverItsPublicUrlAndParameters() {
    start();
    endpoint("sms", "twilio", new JsonObject().put("url", "https://hub.example.com/hooks/sms"));
    String body = "To=%2B18005551212&From=%2B14158675310&Body=hello";
    String signed = "https://hub.example.com/hooks/sms?tenant=acme" + "Bodyhello" + "From+14158675310"
        + "To+18005551212";
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/x-www-form-urlencoded")
        .add("X-Twilio-Signature", Base64.getEncoder().encodeToString(mac("HmacSHA1", SECRET, signed)));

    ok(hook("/hooks/sms?tenant=acme", good, body), 200);
    assertThat(nextReceived("sms").data().getString("body")).isEqualTo(body);
    error(hook("/hooks/sms?tenant=acme", good, body), 409, "conflict");
    refused(hook("/hooks/sms?tenant=other", good, body), "twilio");
  }

  @Test
  void shouldVerifyAConfiguredHmacSchemeAndRefuseBadSettings() {
    start();
    endpoint("custom", "hmac", new JsonObject().put("hmac", new JsonObject().put("header", "X-Signature")
        .put("algorithm", "sha512").put("encoding", "base64").put("prefix", "sha512=")
        .put("timestampHeader", "X-Timestamp").put("toleranceSeconds", 60)));
    String body = "{\"n\":1}";
    String ts = String.valueOf(now());
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("X-Timestamp", ts).add("X-Signature", "sha512="
        + Base64.getEncoder().encodeToString(mac("HmacSHA512", SECRET, ts + "." + body)));

    ok(hook("/hooks/custom", good, body), 200);
    nextReceived("custom");
    error(hook("/hooks/custom", good, body), 409, "conflict");
    refused(hook("/hooks/custom", MultiMap.caseInsensitiveMultiMap().addAll(good)
        .set("X-Timestamp", String.valueOf(now() - 120)), body), "X-Timestamp");
    refused(hook("/hooks/custom", good, "{\"n\":2}"), "hmac");
    JsonObject shown = ok(hub.get("/api/webhook/endpoints/custom", token), 200);
    assertThat(shown.getJsonObject("hmac").getString("algorithm")).isEqualTo("sha512");
    assertThat(shown.encode()).doesNotContain(SECRET);

    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "bad").put("verification", "hmac")
        .put("secret", SECRET).put("hmac", new JsonObject().put("header", "X-S").put("encoding", "base32"))),
        400, "bad_request");
    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "bad").put("verification", "stripe")),
        400, "bad_request");
  }
}
