package dev.eventhub.sources.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 19: the plugin's routes are in the hub's OpenAPI document, and its answers, errors included, are what it says. */
class WebhookOpenApiTest extends PluginTestBase {
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
    // Every answer carries the format, and the document says so (an answer without it would fail the check above).
    JsonObject schema = api.document().getJsonObject("components").getJsonObject("schemas").getJsonObject("WebhookSubscription");
    assertThat(schema.getJsonArray("required")).contains("format");
    assertThat(schema.getJsonObject("properties").getJsonObject("format").getJsonArray("enum")).containsExactly("hub", "cloudevents");
    assertThat(api.send(HttpMethod.DELETE, "/api/webhook/subscriptions/ops", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.DELETE, "/api/webhook/endpoints/open", token, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/webhook/subscriptions/ops", token, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.POST, "/api/webhook/subscriptions", token, new JsonObject()).statusCode()).isEqualTo(400);
  }
}
