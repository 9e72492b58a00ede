package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: {@code /api/openapi.json} and {@code /api/asyncapi.json} are valid documents, assembled from the
 * core's part and each plugin's, and every answer of the core's routes, errors included, is one the OpenAPI
 * document describes; a plugin that mounts a route family its part does not show is found out.
 */
class ApiDocumentsTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";
  @TempDir static Path dir;
  static TestHub hub;
  static OpenApiCheck api;

  @BeforeAll
  static void start() {
    // Two plugins: one that documents its routes (its openapi.json beside its class), one that does not.
    PluginJar.create()
        .source("test.gate.Gate", TestPluginSources.simple("test.gate", "Gate", "gate", "gates", "\"open\""))
        .service(SOURCE, "test.gate.Gate")
        .resource("test/gate/openapi.json", new JsonObject().put("paths", new JsonObject()
            .put("/api/gates/hello", new JsonObject().put("get", new JsonObject().put("operationId", "gateHello")
                .put("responses", new JsonObject()
                    .put("200", new JsonObject().put("description", "hello").put("content", new JsonObject()
                        .put("text/plain", new JsonObject().put("schema", new JsonObject().put("const", "open")))))
                    .put("403", new JsonObject().put("$ref", "#/components/responses/Forbidden")))))).encode())
        .build(dir.resolve("plugins/gate.jar"));
    PluginJar.create()
        .source("test.bare.Bare", TestPluginSources.simple("test.bare", "Bare", "bare", "bares", "\"bare\""))
        .service(SOURCE, "test.bare.Bare")
        .build(dir.resolve("plugins/bare.jar"));
    hub = TestHub.start(dir, c -> c.with("http.maxBodySize", 4096).with("publish.maxBatchSize", 3));
    api = OpenApiCheck.of(hub);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void shouldServeAValidAsyncApiDocument() {
    AsyncApiCheck doc = AsyncApiCheck.of(hub);
    assertThat(doc.document().getJsonObject("components").getJsonObject("schemas").fieldNames()).contains("Event");
  }

  @Test
  void shouldDescribeEveryAnswerOfThePublishRoute() {
    String admin = hub.adminToken();
    JsonObject event = new JsonObject().put("category", "docs").put("event", "e").put("key", "k").put("id", "d-1");
    assertThat(api.send(HttpMethod.POST, "/api/events", admin, event).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.POST, "/api/events", admin, event).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.POST, "/api/events", admin,
        new JsonArray().add(event).add(event.copy().put("id", "d-2"))).statusCode()).isEqualTo(201);
    assertThat(api.send(HttpMethod.POST, "/api/events", admin, "{\"category\":\"docs\"}").statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/api/events?x=1", admin, event).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.POST, "/api/events", null, event).statusCode()).isEqualTo(401);
    assertThat(api.send(HttpMethod.POST, "/api/events", hub.token("publish:other"), event).statusCode()).isEqualTo(403);
    assertThat(api.send(HttpMethod.POST, "/api/events", admin, "[" + (event.encode() + ",").repeat(3) + event.encode() + "]")
        .statusCode()).isEqualTo(413);
    assertThat(api.send(HttpMethod.POST, "/api/events", admin, "x".repeat(5000)).statusCode()).isEqualTo(413);
  }

  @Test
  void shouldDescribeCloudEventsPublishing() {
    String admin = hub.adminToken();
    JsonObject cloudEvent = new JsonObject().put("specversion", "1.0").put("id", "ce-1").put("source", "/docs")
        .put("type", "com.example.made").put("subject", "k").put("data", new JsonObject().put("n", 1));
    assertThat(cloudEvents(admin, "application/cloudevents+json", cloudEvent.encode(), Map.of()).statusCode())
        .isEqualTo(201);
    assertThat(cloudEvents(admin, "application/cloudevents+json", cloudEvent.encode(), Map.of()).statusCode())
        .isEqualTo(200);
    assertThat(cloudEvents(admin, "application/cloudevents-batch+json",
        new JsonArray().add(cloudEvent.copy().put("id", "ce-2")).encode(), Map.of()).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> empty = cloudEvents(admin, "application/cloudevents-batch+json", "[]", Map.of());
    assertThat(empty.bodyAsJsonObject()).isEqualTo(new JsonObject().put("events", new JsonArray()));
    assertThat(cloudEvents(admin, "text/plain", "hello", Map.of("ce-specversion", "1.0", "ce-id", "ce-3",
        "ce-source", "/docs", "ce-type", "made", "ce-subject", "k", "ce-tenant", "a")).statusCode()).isEqualTo(201);
    assertThat(cloudEvents(admin, "application/cloudevents+json", cloudEvent.copy().put("specversion", "0.3").encode(),
        Map.of()).statusCode()).isEqualTo(400);
  }

  private static HttpResponse<Buffer> cloudEvents(String token, String contentType, String body, Map<String, String> headers) {
    var request = hub.client().request(HttpMethod.POST, "/api/events").bearerTokenAuthentication(token)
        .putHeader("Content-Type", contentType);
    headers.forEach(request::putHeader);
    HttpResponse<Buffer> r = TestHub.await(request.sendBuffer(Buffer.buffer(body)));
    api.assertValid(HttpMethod.POST, "/api/events", r);
    // vertx-openapi checks answers only: the request's media type and ce- headers must be declared too.
    JsonObject publish = api.document().getJsonObject("paths").getJsonObject("/api/events").getJsonObject("post");
    JsonObject content = publish.getJsonObject("requestBody").getJsonObject("content");
    assertThat(content.containsKey(contentType) || (headers.containsKey("ce-specversion") && content.containsKey("*/*")))
        .as("the request body %s is declared", contentType).isTrue();
    headers.keySet().stream().filter(h -> !h.startsWith("ce-tenant")).forEach(h -> assertThat(publish
        .getJsonArray("parameters", new JsonArray()).stream().map(o -> ((JsonObject) o).getString("name")))
        .as("header %s is declared", h).contains(h));
    return r;
  }

  @Test
  void shouldDescribeTheJavaScriptClient() {
    HttpResponse<Buffer> client = api.send(HttpMethod.GET, "/client/hub-client.js", null, null);
    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
  }

  @Test
  void shouldDescribeEveryAnswerOfTheHistoryRoute() {
    String admin = hub.adminToken();
    hub.publish("pages", "e", "k", new JsonObject().put("n", 1));
    hub.publish("pages", "e", null, null);
    HttpResponse<Buffer> first = api.send(HttpMethod.GET, "/api/events?categories=pages&limit=1", admin, null);
    assertThat(first.bodyAsJsonObject().getBoolean("more")).isTrue();
    String next = first.bodyAsJsonObject().getString("next");
    assertThat(api.send(HttpMethod.GET, "/api/events?categories=pages&since=" + next, admin, null)
        .bodyAsJsonObject().getJsonArray("events")).hasSize(1);
    assertThat(api.send(HttpMethod.GET, "/api/events?since=unknown", admin, null).bodyAsJsonObject()
        .getBoolean("complete")).isFalse();
    assertThat(api.send(HttpMethod.GET, "/api/events?limit=0", admin, null).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/api/events?after=" + next, admin, null).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/api/events?categories=pages", hub.token("subscribe:other"), null)
        .statusCode()).isEqualTo(403);
    assertThat(api.send(HttpMethod.GET, "/api/events", "not-a-token", null).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldDescribeEveryAnswerOfTheOtherCoreRoutes() {
    String admin = hub.adminToken();
    String reader = hub.token("subscribe:gates");
    assertThat(api.send(HttpMethod.GET, "/api/categories", reader, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/plugins", admin, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/plugins", reader, null).statusCode()).isEqualTo(403);
    assertThat(api.send(HttpMethod.POST, "/api/plugins/none/stop", admin, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.POST, "/api/plugins/gate/jump", admin, null).statusCode()).isEqualTo(404);
    assertThat(api.send(HttpMethod.GET, "/api/cluster", admin, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/openapi.json", null, null).statusCode()).isEqualTo(401);
    assertThat(api.send(HttpMethod.GET, "/api/asyncapi.json", reader, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/api/asyncapi.json?v=2", reader, null).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/health", null, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/ready", null, null).statusCode()).isEqualTo(200);
    assertThat(api.send(HttpMethod.GET, "/ready?x", null, null).statusCode()).isEqualTo(400);
    assertThat(api.send(HttpMethod.GET, "/metrics", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldTakeAPluginsPartAndFindAMountedRouteFamilyNoPartShows() {
    assertThat(api.send(HttpMethod.GET, "/api/gates/hello", hub.token("subscribe:gates"), null).bodyAsString())
        .isEqualTo("open");
    assertThat(api.send(HttpMethod.GET, "/api/gates/hello", hub.token("subscribe:other"), null).statusCode())
        .isEqualTo(403);
    // A wrong answer fails the check: it is not a formality.
    HttpResponse<Buffer> open = hub.get("/api/gates/hello", hub.token("subscribe:gates"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.assertValid(HttpMethod.GET, "/api/gates/hello",
        200, open.headers(), Buffer.buffer("closed"))).isInstanceOf(AssertionError.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.assertValid(HttpMethod.GET, "/api/gates/hello",
        418, open.headers(), open.body())).isInstanceOf(AssertionError.class);
    assertThat(api.undocumentedMounts()).containsExactly("bare /api/bares");
  }

  @Test
  void shouldFailAnAnswerTheDocumentDoesNotDescribe() {
    HttpResponse<Buffer> health = hub.get("/health", null);
    api.assertValid(HttpMethod.GET, "/health", health);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.assertValid(HttpMethod.GET, "/health", 200,
        health.headers(), Buffer.buffer("{\"status\":\"up\",\"extra\":1}"))).isInstanceOf(AssertionError.class);
    // A 503 must say when to come back.
    io.vertx.core.MultiMap json = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
    Buffer unavailable = Buffer.buffer("{\"error\":\"unavailable\",\"message\":\"the hub is starting\"}");
    api.assertValid(HttpMethod.GET, "/api/categories", 503, json.copy().add("Retry-After", "1"), unavailable);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> api.assertValid(HttpMethod.GET, "/api/categories", 503,
        json, unavailable)).isInstanceOf(AssertionError.class);
  }
}
