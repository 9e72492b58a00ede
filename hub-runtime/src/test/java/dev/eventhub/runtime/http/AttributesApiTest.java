package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.OpenApiCheck;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: attributes through POST /api/events, the event bus and GET /api/events. */
class AttributesApiTest {
  @TempDir Path dir;
  TestHub hub;
  String token;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
    token = hub.adminToken();
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldRecordAttributesOfASingleEventAndDeliverThem() {
    Promise<HubEvent> delivered = Promise.promise();
    hub.hub().interest().want("agents");
    hub.vertx().eventBus().<HubEvent>consumer("hub.events.agents", m -> delivered.tryComplete(m.body()));
    HttpResponse<Buffer> r = hub.post("/api/events", token, event("agents", "a-7", "t-1"));
    assertThat(r.statusCode()).isEqualTo(201);

    assertThat(TestHub.await(delivered.future()).attributes()).isEqualTo(Map.of("agent_id", "a-7", "task_id", "t-1"));
    JsonObject recorded = history("/api/events?categories=agents").getJsonArray("events").getJsonObject(0);
    assertThat(recorded.getJsonObject("attributes")).isEqualTo(attributes("a-7", "t-1"));
  }

  @Test
  void shouldRecordAttributesOfABatchAndLeaveThemOutWhenNone() {
    JsonArray batch = new JsonArray().add(event("batch", "a-1", "t-1"))
        .add(new JsonObject().put("category", "batch").put("event", "plain"));
    assertThat(hub.post("/api/events", token, batch).statusCode()).isEqualTo(201);
    HttpResponse<Buffer> page = hub.get("/api/events?categories=batch", token);
    JsonArray events = page.bodyAsJsonObject().getJsonArray("events");
    assertThat(events.getJsonObject(0).getJsonObject("attributes")).isEqualTo(attributes("a-1", "t-1"));
    assertThat(events.getJsonObject(1).containsKey("attributes")).isFalse();
    assertThat(page.bodyAsString()).doesNotContain("\"attributes\":{}");
  }

  @Test
  void shouldRefuseEachLimitWith400NamingItAndRecordNothing() {
    JsonObject many = new JsonObject();
    for (int i = 0; i < 17; i++) {
      many.put("n" + i, "v");
    }
    refused(base().put("attributes", many), "at most 16 attributes");
    refused(base().put("attributes", new JsonObject().put("Agent", "x")), "attribute name 'Agent' must match [a-z0-9_.-]{1,64}");
    refused(base().put("attributes", new JsonObject().put("x".repeat(65), "x")), "must match [a-z0-9_.-]{1,64}");
    refused(base().put("attributes", new JsonObject().put("big", "v".repeat(257))), "attribute 'big' must be at most 256 characters");
    refused(base().put("attributes", new JsonObject().put("n", 1)), "attribute 'n' must be a string");
    refused(base().put("attributes", new JsonArray()), "field 'attributes' must be an object of string values");
    // In a batch, the whole batch is refused and the message says which event.
    HttpResponse<Buffer> r = hub.post("/api/events", token, new JsonArray().add(base())
        .add(base().put("attributes", new JsonObject().put("big", "v".repeat(257)))));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message")).startsWith("event 1: attribute 'big'");
    assertThat(history("/api/events?categories=limits").getJsonArray("events")).isEmpty();
  }

  @Test
  void shouldFilterHistoryOnEveryAttributePairWithGlobs() {
    hub.post("/api/events", token, new JsonArray().add(event("hist", "a-7", "t-1")).add(event("hist", "a-7", "u-1"))
        .add(event("hist", "a-8", "t-2")).add(base().put("category", "hist"))
        .add(new JsonObject().put("category", "hist").put("event", "only-agent")
            .put("attributes", new JsonObject().put("agent_id", "a-7"))));
    String path = "/api/events?categories=hist&attr=agent_id:a-7&attr=" + enc("task_id:t-*");
    HttpResponse<Buffer> page = hub.get(path, token);
    OpenApiCheck.of(hub).assertValid(io.vertx.core.http.HttpMethod.GET, path, page);
    JsonArray both = page.bodyAsJsonObject().getJsonArray("events");
    assertThat(both).hasSize(1);
    assertThat(both.getJsonObject(0).getJsonObject("attributes")).isEqualTo(attributes("a-7", "t-1"));
    assertThat(history("/api/events?categories=hist&attr=agent_id:a-7").getJsonArray("events")).hasSize(3);
    assertThat(history("/api/events?categories=hist&attr=" + enc("agent_id:*")).getJsonArray("events")).hasSize(4);
    assertThat(history("/api/events?categories=hist&attr=" + enc("task_id:?-1")).getJsonArray("events"))
        .as("only * is a wildcard").isEmpty();
  }

  @Test
  void shouldRefuseMalformedAttributeQueriesNamingTheProblem() {
    badQuery("attr=agent_id", "query parameter 'attr': 'agent_id' must be name:value");
    badQuery("attr=Agent:x", "attribute name 'Agent'");
    badQuery("attr=a:1&attr=a:2", "attribute 'a' is named twice");
  }

  private void badQuery(String query, String message) {
    HttpResponse<Buffer> r = hub.get("/api/events?categories=x&" + query, token);
    assertThat(r.statusCode()).as(query).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");
    assertThat(r.bodyAsJsonObject().getString("message")).as(query).contains(message);
  }

  private void refused(JsonObject body, String message) {
    HttpResponse<Buffer> r = hub.post("/api/events", token, body);
    assertThat(r.statusCode()).as(message).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");
    assertThat(r.bodyAsJsonObject().getString("message")).contains(message);
  }

  private static JsonObject base() {
    return new JsonObject().put("category", "limits").put("event", "e");
  }

  private static JsonObject event(String category, String agent, String task) {
    return new JsonObject().put("category", category).put("event", "step").put("attributes", attributes(agent, task));
  }

  private static JsonObject attributes(String agent, String task) {
    return new JsonObject().put("agent_id", agent).put("task_id", task);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private JsonObject history(String path) {
    HttpResponse<Buffer> r = hub.get(path, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(200);
    return r.bodyAsJsonObject();
  }

}
