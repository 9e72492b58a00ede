package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class InboundTest extends WebhookTestBase {
  private static final String GITHUB_SECRET = "It's a Secret to Everybody";

  private void startWithEndpoints() {
    start(c -> c.with("plugins.webhook.inbound.maxBodySize", 2048)
        .with("plugins.webhook.endpoints", new JsonArray().add(new JsonObject().put("id", "gh")
            .put("verification", "github").put("secret", GITHUB_SECRET))));
  }

  private String standardEndpoint(String id) {
    JsonObject created = ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", id)
        .put("verification", "standard-webhooks").put("allowedHeaders", new JsonArray().add("X-Tenant").add("x-trace-*"))),
        201);
    return created.getString("secret");
  }

  private HttpResponse<Buffer> hook(String endpoint, MultiMap headers, String body) {
    return TestHub.await(hub.client().post("/hooks/" + endpoint).putHeaders(headers)
        .sendBuffer(Buffer.buffer(body)));
  }

  private static MultiMap signed(String secret, String id, long timestamp, String body) {
    return MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json").add("webhook-id", id)
        .add("webhook-timestamp", String.valueOf(timestamp))
        .add("webhook-signature", StandardWebhooks.sign(secret, id, timestamp, body.getBytes(StandardCharsets.UTF_8)));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  private HubEvent nextReceived(String endpoint) {
    return events.next(e -> e.event().equals("webhook-received") && endpoint.equals(e.key()));
  }

  @Test
  void shouldRecordAStandardWebhookWithAValidSignatureKeepingOnlyTheAllowedHeaders() {
    startWithEndpoints();
    String secret = standardEndpoint("shop");
    String body = "{\"type\":\"invoice.paid\",\"amount\":12}";
    MultiMap headers = signed(secret, "msg_1", now(), body).add("X-Tenant", "acme").add("X-Trace-Id", "t-9")
        .add("X-Other", "dropped");

    HttpResponse<Buffer> r = hook("shop", headers, body);

    JsonObject answer = ok(r, 200);
    HubEvent received = nextReceived("shop");
    assertThat(answer.getString("id")).isEqualTo(received.id());
    JsonObject data = received.data();
    assertThat(received.category()).isEqualTo("webhook");
    assertThat(data.getString("verification")).isEqualTo("standard-webhooks");
    assertThat(data.getString("webhookId")).isEqualTo("msg_1");
    assertThat(data.getString("bodyType")).isEqualTo("json");
    assertThat(data.getJsonObject("body").getInteger("amount")).isEqualTo(12);
    assertThat(data.getJsonObject("headers").getMap()).containsOnlyKeys("x-tenant", "x-trace-id");
    assertThat(data.getJsonObject("headers").getString("x-tenant")).isEqualTo("acme");
  }

  @Test
  void shouldAcceptWhenOneOfSeveralSignaturesIsValidAsDuringASecretRotation() {
    startWithEndpoints();
    String secret = standardEndpoint("rotating");
    String body = "{}";
    MultiMap headers = signed(secret, "msg_r", now(), body);
    String valid = headers.get("webhook-signature");
    headers.set("webhook-signature", "v1,bm90IHRoZSByaWdodCBvbmU= v1a,ignored " + valid);

    ok(hook("rotating", headers, body), 200);
    assertThat(nextReceived("rotating").data().getString("webhookId")).isEqualTo("msg_r");
  }

  @Test
  void shouldRefuseABadSignatureAStaleTimestampAndMissingHeadersAndRecordNothing() {
    startWithEndpoints();
    String secret = standardEndpoint("strict");
    String body = "{\"n\":1}";
    String otherSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);

    error(hook("strict", signed(otherSecret, "msg_bad", now(), body), body), 401, "unauthorized");
    error(hook("strict", signed(secret, "msg_tampered", now(), body), "{\"n\":2}"), 401, "unauthorized");
    assertThat(error(hook("strict", signed(secret, "msg_old", now() - 600, body), body), 401, "unauthorized"))
        .contains("webhook-timestamp");
    error(hook("strict", signed(secret, "msg_future", now() + 600, body), body), 401, "unauthorized");
    MultiMap missing = signed(secret, "msg_missing", now(), body);
    missing.remove("webhook-signature");
    error(hook("strict", missing, body), 401, "unauthorized");
    MultiMap badTime = signed(secret, "msg_time", now(), body).set("webhook-timestamp", "yesterday");
    error(hook("strict", badTime, body), 401, "unauthorized");

    ok(hook("strict", signed(secret, "msg_good", now(), body), body), 200);
    // The first webhook the endpoint recorded is the good one: none of the refused ones was.
    assertThat(nextReceived("strict").data().getString("webhookId")).isEqualTo("msg_good");
  }

  @Test
  void shouldRefuseAReplayedIdWith409AndRecordItOnce() {
    startWithEndpoints();
    String secret = standardEndpoint("once");
    String body = "{\"n\":1}";
    MultiMap headers = signed(secret, "msg_once", now(), body);

    ok(hook("once", headers, body), 200);
    error(hook("once", headers, body), 409, "conflict");
    // A fresh timestamp and signature do not make the same id new either.
    error(hook("once", signed(secret, "msg_once", now() + 1, body), body), 409, "conflict");
    ok(hook("once", signed(secret, "msg_twice", now(), body), body), 200);

    assertThat(nextReceived("once").data().getString("webhookId")).isEqualTo("msg_once");
    assertThat(nextReceived("once").data().getString("webhookId")).isEqualTo("msg_twice");
  }

  @Test
  void shouldVerifyGithubSignaturesOnAConfiguredEndpoint() {
    startWithEndpoints();
    String body = "{\"action\":\"opened\"}";
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("X-GitHub-Event", "pull_request").add("X-GitHub-Delivery", "d-1")
        .add("X-Hub-Signature-256", StandardWebhooks.github(GITHUB_SECRET, body.getBytes(StandardCharsets.UTF_8)));

    ok(hook("gh", good, body), 200);
    error(hook("gh", MultiMap.caseInsensitiveMultiMap().addAll(good).set("X-GitHub-Delivery", "d-2")
        .set("X-Hub-Signature-256", StandardWebhooks.github("wrong", body.getBytes(StandardCharsets.UTF_8))), body),
        401, "unauthorized");
    error(hook("gh", MultiMap.caseInsensitiveMultiMap().addAll(good).set("X-GitHub-Delivery", "d-3")
        .remove("X-Hub-Signature-256"), body), 401, "unauthorized");
    error(hook("gh", good, body), 409, "conflict");

    HubEvent received = nextReceived("gh");
    assertThat(received.data().getString("verification")).isEqualTo("github");
    assertThat(received.data().getString("webhookId")).isEqualTo("d-1");
    assertThat(received.data().getJsonObject("headers").getString("x-github-event")).isEqualTo("pull_request");
    assertThat(received.data().getJsonObject("body").getString("action")).isEqualTo("opened");
    JsonObject listed = ok(hub.get("/api/webhook/endpoints/gh", token), 200);
    assertThat(listed.getString("source")).isEqualTo("config");
    assertThat(listed.containsKey("secret")).isFalse();
  }

  @Test
  void shouldGuardGithubReplaysByTheSignedBodyAndRequireTheDeliveryHeader() {
    startWithEndpoints();
    String body = "{\"action\":\"closed\"}";
    String signature = StandardWebhooks.github(GITHUB_SECRET, body.getBytes(StandardCharsets.UTF_8));
    MultiMap good = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("X-GitHub-Event", "pull_request").add("X-GitHub-Delivery", "d-1").add("X-Hub-Signature-256", signature);

    ok(hook("gh", good, body), 200);
    // The delivery id is not signed: a replay under a new one is still the same signed body.
    error(hook("gh", MultiMap.caseInsensitiveMultiMap().addAll(good).set("X-GitHub-Delivery", "d-forged"), body),
        409, "conflict");

    String other = "{\"action\":\"reopened\"}";
    MultiMap noDelivery = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json")
        .add("X-Hub-Signature-256", StandardWebhooks.github(GITHUB_SECRET, other.getBytes(StandardCharsets.UTF_8)));
    assertThat(error(hook("gh", noDelivery, other), 400, "bad_request")).contains("X-GitHub-Delivery");
    ok(hook("gh", noDelivery.add("X-GitHub-Delivery", "d-2"), other), 200);
  }

  @Test
  void shouldRecordAnythingAtAnUnverifiedEndpointAsTextOrBase64() {
    startWithEndpoints();
    ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "open").put("verification", "none")), 201);

    ok(hook("open", MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain"), "hello"), 200);
    HubEvent text = nextReceived("open");
    assertThat(text.data().getString("bodyType")).isEqualTo("text");
    assertThat(text.data().getString("body")).isEqualTo("hello");
    assertThat(text.data().getString("webhookId")).isNull();

    Buffer binary = Buffer.buffer(new byte[] {(byte) 0xff, (byte) 0xfe, 0});
    ok(TestHub.await(hub.client().post("/hooks/open").sendBuffer(binary)), 200);
    HubEvent raw = nextReceived("open");
    assertThat(raw.data().getString("bodyType")).isEqualTo("base64");
    assertThat(raw.data().getString("body")).isEqualTo("//4A");
  }

  @Test
  void shouldAnswer413ToABodyOverTheLimitAnd404ToAnUnknownEndpoint() {
    startWithEndpoints();
    ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "small").put("verification", "none")), 201);

    error(hook("small", MultiMap.caseInsensitiveMultiMap(), "x".repeat(4096)), 413, "too_large");
    error(hook("nowhere", MultiMap.caseInsensitiveMultiMap(), "{}"), 404, "not_found");
    error(TestHub.await(hub.client().get("/hooks/small").send()), 404, "not_found");
    ok(hook("small", MultiMap.caseInsensitiveMultiMap(), "x".repeat(2048)), 200);
    assertThat(nextReceived("small").data().getInteger("size")).isEqualTo(2048);
  }

  @Test
  void shouldManageEndpointsOverTheApi() {
    startWithEndpoints();
    JsonObject created = ok(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "made")
        .put("verification", "standard-webhooks")), 201);
    assertThat(created.getString("secret")).startsWith("whsec_");
    assertThat(created.getString("path")).isEqualTo("/hooks/made");
    assertThat(events.next("webhook-registered", "made").data().getString("kind")).isEqualTo("endpoint");

    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "made").put("verification", "none")),
        409, "conflict");
    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "x").put("verification", "hmac")),
        400, "bad_request");
    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "no/slash").put("verification", "none")),
        400, "bad_request");
    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "gh2").put("verification", "github")),
        400, "bad_request");
    error(hub.post("/api/webhook/endpoints", token, new JsonObject().put("id", "weak")
        .put("verification", "standard-webhooks").put("secret", "whsec_c2hvcnQ=")), 400, "bad_request");
    error(hub.post("/api/webhook/endpoints", hub.token("subscribe:webhook"), new JsonObject().put("id", "y")
        .put("verification", "none")), 403, "forbidden");

    JsonArray listed = ok(hub.get("/api/webhook/endpoints", token), 200).getJsonArray("endpoints");
    assertThat(listed.stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly("gh", "made");
    assertThat(listed.getJsonObject(1).containsKey("secret")).isFalse();

    error(hub.send(HttpMethod.DELETE, "/api/webhook/endpoints/gh", token, null), 409, "conflict");
    ok(hub.send(HttpMethod.DELETE, "/api/webhook/endpoints/made", token, null), 200);
    assertThat(events.next("webhook-unregistered", "made").data().getString("kind")).isEqualTo("endpoint");
    error(hook("made", signed(created.getString("secret"), "m", now(), "{}"), "{}"), 404, "not_found");
    error(hub.send(HttpMethod.DELETE, "/api/webhook/endpoints/made", token, null), 404, "not_found");
  }

  @Test
  void shouldRememberReceivedIdsAndApiEndpointsAcrossARestart() {
    startWithEndpoints();
    String secret = standardEndpoint("durable");
    MultiMap headers = signed(secret, "msg_d", now(), "{}");
    ok(hook("durable", headers, "{}"), 200);

    restart();

    error(hook("durable", headers, "{}"), 409, "conflict");
    ok(hook("durable", signed(secret, "msg_e", now(), "{}"), "{}"), 200);
  }
}
