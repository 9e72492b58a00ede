package dev.eventhub.sources.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 19: the plugin's routes are in the hub's OpenAPI document, and its answers, errors included, are what it says. */
class WebhookOpenApiTest extends WebhookTestBase {
  @Test
  void shouldAnswerAsTheOpenApiDocumentSays() {
    start();
    OpenApiCheck api = OpenApiCheck.of(hub);
    api.assertEveryMountDocumented();
    JsonObject endpoint = new JsonObject().put("id", "open").put("verification", "none");
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints", token, endpoint).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints", token, endpoint).statusCode()).isEqualTo(409);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints", token,
        new JsonObject().put("id", "signed").put("verification", "standard-webhooks")).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/endpoints", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/endpoints/open", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/hooks/open", null, new JsonObject().put("a", 1)).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/hooks/signed", null, new JsonObject().put("a", 1)).statusCode()).isEqualTo(401);
    assertThat(api.send(HttpMethod.POST, "/hooks/none", null, new JsonObject()).statusCode()).isEqualTo(404);
    JsonObject subscription = new JsonObject().put("id", "ops").put("url", "https://ops.example.com/hooks/hub")
        .put("categories", new JsonArray().add("workflow"));
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, subscription).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops", token, null).statusCode()).isEqualTo(200);
    JsonObject cloud = api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, subscription.copy().put("id", "ce")
        .put("format", "cloudevents")).bodyAsJsonObject();
    assertThat(cloud.getString("format")).isEqualTo("cloudevents");
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ce", token, null).bodyAsJsonObject().getString("format"))
        .isEqualTo("cloudevents");
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, subscription.copy().put("id", "xml")
        .put("format", "xml")).statusCode()).isEqualTo(400);
    // Issue 20: the attribute filter, in the answers of create, read and change.
    JsonObject agents = new JsonObject().put("agent_id", "a-7").put("task_id", "t-*");
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, subscription.copy().put("id", "agents")
        .put("attributes", agents)).bodyAsJsonObject().getJsonObject("attributes")).isEqualTo(agents);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/agents", token, null).bodyAsJsonObject()
        .getJsonObject("attributes")).isEqualTo(agents);
    assertThat(api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/agents", token, new JsonObject()
        .put("attributes", new JsonObject().put("agent_id", "a-8"))).bodyAsJsonObject().getJsonObject("attributes"))
        .isEqualTo(new JsonObject().put("agent_id", "a-8"));
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, subscription.copy().put("id", "bad")
        .put("attributes", new JsonObject().put("Agent", "a-7"))).statusCode()).isEqualTo(400);
    // Every answer carries the format, and the document says so (an answer without it would fail the check above).
    JsonObject schema = api.document().getJsonObject("components").getJsonObject("schemas").getJsonObject("WebhookSubscription");
    assertThat(schema.getJsonArray("required")).contains("format", "attributes");
    assertThat(schema.getJsonObject("properties").getJsonObject("format").getJsonArray("enum")).containsExactly("hub", "cloudevents");
    assertThat(api.send(HttpMethod.DELETE, "/api/webhook/subscriptions/ops", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.DELETE, "/api/webhook/endpoints/open", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops", token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, new JsonObject()).statusCode()).isEqualTo(400);
  }

  /**
   * The routes that change a subscription, rotate secrets and list delivery attempts, and the fields they
   * brought (paused, previousSecretUntil, the delivery mode paused, the breaker, the newer verification
   * schemes): their real answers, success and the main errors, are what the document says.
   */
  @Test
  void shouldDescribeChangesRotationsAndAttempts() {
    start(c -> c.with("plugins.webhook.endpoints", new JsonArray().add(new JsonObject().put("id", "configured")
        .put("verification", "github").put("secret", "from-the-configuration"))));
    OpenApiCheck api = OpenApiCheck.of(hub);
    JsonObject hmac = new JsonObject().put("id", "custom").put("verification", "hmac").put("secret", "k3y")
        .put("hmac", new JsonObject().put("header", "X-Signature").put("algorithm", "sha512").put("encoding", "base64")
            .put("prefix", "sha512=").put("timestampHeader", "X-Timestamp").put("toleranceSeconds", 300));
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints", token, hmac).statusCode()).isEqualTo(201);
    for (String scheme : new String[] {"stripe", "slack", "shopify", "gitlab"}) {
      assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints", token, new JsonObject().put("id", scheme)
          .put("verification", scheme).put("secret", "s3cret")).statusCode()).isEqualTo(201);
    }
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints", token, new JsonObject().put("id", "sms")
        .put("verification", "twilio").put("secret", "t0ken").put("url", "https://hub.example.com/hooks/sms"))
        .statusCode()).isEqualTo(201);
    JsonObject rotatedEndpoint = api.send(HttpMethod.POST, "/api/webhook/endpoints/custom/rotate-secret", token,
        new JsonObject().put("secret", "n3w").put("overlap", "1h")).bodyAsJsonObject();
    assertThat(rotatedEndpoint.getString("secret")).isEqualTo("n3w");
    assertThat(rotatedEndpoint.getString("previousSecretUntil")).isNotNull();
    assertThat(api.send(HttpMethod.GET, "/api/webhook/endpoints", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/endpoints/custom", token, null).bodyAsJsonObject()
        .getString("previousSecretUntil")).isNotNull();
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints/configured/rotate-secret", token, new JsonObject())
        .statusCode()).isEqualTo(409);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints/stripe/rotate-secret", token, new JsonObject())
        .statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/endpoints/nope/rotate-secret", token, new JsonObject())
        .statusCode()).isEqualTo(404);

    subscribe("ops", "/ops", "workflow");
    JsonObject paused = api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/ops", token,
        new JsonObject().put("paused", true).put("description", "held")).bodyAsJsonObject();
    assertThat(paused.getBoolean("paused")).isTrue();
    assertThat(paused.getJsonObject("delivery").getString("mode")).isEqualTo("paused");
    assertThat(paused.containsKey("secret")).isFalse();
    assertThat(api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/ops", token,
        new JsonObject().put("secret", "whsec_x")).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/ops", token,
        new JsonObject().put("id", "other")).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/ops", token,
        new JsonObject().put("colour", "blue")).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/nope", token,
        new JsonObject().put("paused", false)).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.PATCH, "/api/webhook/subscriptions/ops", token,
        new JsonObject().put("paused", false)).bodyAsJsonObject().getBoolean("paused")).isFalse();

    JsonObject rotated = api.send(HttpMethod.POST, "/api/webhook/subscriptions/ops/rotate-secret", token,
        new JsonObject().put("overlap", "2h")).bodyAsJsonObject();
    assertThat(rotated.getString("secret")).startsWith("whsec_");
    assertThat(rotated.getString("previousSecretUntil")).isNotNull();
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops", token, null).bodyAsJsonObject()
        .getString("previousSecretUntil")).isNotNull();
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions/ops/rotate-secret", token,
        new JsonObject().put("overlap", "a while")).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions/nope/rotate-secret", token, new JsonObject())
        .statusCode()).isEqualTo(404);

    publish("workflow", "step-completed", "job-1", new JsonObject());
    assertThat(outcome("ops").event()).isEqualTo("webhook-delivered");
    receiver.behave(Receiver.answer(503));
    publish("workflow", "step-completed", "job-2", new JsonObject());
    assertThat(outcome("ops").event()).isEqualTo("webhook-failed");
    JsonObject attempts = api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops/attempts", token, null)
        .bodyAsJsonObject();
    assertThat(attempts.getJsonArray("attempts").size()).isGreaterThanOrEqualTo(2);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops/attempts?limit=1", token, null)
        .bodyAsJsonObject().getJsonArray("attempts")).hasSize(1);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops/attempts?limit=0", token, null)
        .statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/nope/attempts", token, null)
        .statusCode()).isEqualTo(404);
  }
}
