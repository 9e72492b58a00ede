package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tokens and scopes bound everything at /mcp, exactly as on the HTTP API and the WebSocket. */
class McpAuthTest {
  private static final String MARKER = "TOP-SECRET-MARKER";
  @TempDir Path dir;
  TestHub hub;
  RawMcp mcp;
  final List<String> answers = new ArrayList<>();

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
    mcp = new RawMcp(hub.port());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldRefuseWithoutATokenOrWithABadOneWithAChallenge() {
    String init = RawMcp.message(1, "initialize", new JsonObject().put("protocolVersion", "2025-11-25"));
    HttpResponse<String> none = mcp.post(null, null, init);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer realm=");
    assertThat(new JsonObject(none.body()).getString("error")).isEqualTo("unauthorized");

    HttpResponse<String> bad = mcp.post("not-a-token", null, init);
    assertThat(bad.statusCode()).isEqualTo(401);
    assertThat(bad.headers().firstValue("WWW-Authenticate").orElse("")).contains("error=\"invalid_token\"");

    HttpResponse<String> stream = mcp.send(mcp.request(null, "whatever").GET().build());
    assertThat(stream.statusCode()).isEqualTo(401);
  }

  @Test
  void shouldBindASessionToTheTokenThatMadeIt() {
    String a = hub.token("subscribe:jobs");
    String b = hub.token("subscribe:*");
    String session = mcp.initialize(a);

    HttpResponse<String> stolen = mcp.post(b, session, RawMcp.message(2, "tools/list", new JsonObject()));
    assertThat(stolen.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(stolen.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32004);

    HttpResponse<String> none = mcp.post(a, null, RawMcp.message(3, "tools/list", new JsonObject()));
    assertThat(none.statusCode()).isEqualTo(400);

    assertThat(mcp.send(mcp.request(a, session).DELETE().build()).statusCode()).isEqualTo(204);
    assertThat(mcp.post(a, session, RawMcp.message(4, "tools/list", new JsonObject())).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldGiveATokenNothingOfCategoriesItMayNotRead() {
    JsonObject secret = hub.publish("secret", "created", "job-1", new JsonObject().put("note", MARKER));
    hub.publish("jobs", "started", "job-1", new JsonObject().put("note", "visible"));
    String token = hub.token("subscribe:jobs", "publish:jobs");
    String session = mcp.initialize(token);

    refusedTool(token, session, "query_events", new JsonObject().put("categories", new JsonArray().add("secret")));
    refusedTool(token, session, "query_events", new JsonObject().put("categories", new JsonArray().add("*")));
    refusedTool(token, session, "query_events", new JsonObject().put("categories", new JsonArray().add("jobs").add("sec*")));
    refusedTool(token, session, "get_event", new JsonObject().put("category", "secret").put("id", secret.getString("id")));
    refusedTool(token, session, "wait_for_events", new JsonObject().put("categories", new JsonArray().add("secret"))
        .put("timeoutSeconds", 1));
    refusedTool(token, session, "publish_event", new JsonObject().put("category", "secret").put("event", "x"));
    refusedTool(token, session, "dlq_list", new JsonObject());
    refusedTool(token, session, "dlq_resolve", new JsonObject().put("id", "x"));

    JsonObject read = mcp.call(token, session, "resources/read", new JsonObject().put("uri", "hub://events/secret"));
    answers.add(read.encode());
    assertThat(read.getJsonObject("error").getInteger("code")).isEqualTo(-32001);
    JsonObject sub = mcp.call(token, session, "resources/subscribe", new JsonObject().put("uri", "hub://events/secret"));
    assertThat(sub.getJsonObject("error").getInteger("code")).isEqualTo(-32001);
    JsonObject prompt = mcp.call(token, session, "prompts/get", new JsonObject().put("name", "investigate_job")
        .put("arguments", new JsonObject().put("category", "secret").put("key", "job-1")));
    answers.add(prompt.encode());
    assertThat(prompt.getJsonObject("error").getInteger("code")).isEqualTo(-32001);

    // What the token may read, it reads; the catalog shows no category it may not use.
    JsonObject jobs = mcp.tool(token, session, "query_events", new JsonObject().put("categories",
        new JsonArray().add("jobs")));
    answers.add(jobs.encode());
    assertThat(jobs.getJsonObject("structuredContent").getJsonArray("events")).hasSize(1);
    JsonObject catalog = mcp.tool(token, session, "list_categories", new JsonObject());
    answers.add(catalog.encode());
    assertThat(catalog.getJsonObject("structuredContent").getJsonArray("categories").stream()
        .map(c -> ((JsonObject) c).getString("name"))).doesNotContain("dlq", "secret");
    JsonObject resources = mcp.call(token, session, "resources/list", new JsonObject());
    answers.add(resources.encode());
    assertThat(resources.encode()).doesNotContain("hub://events/dlq");

    assertThat(answers).noneMatch(a -> a.contains(MARKER));
  }

  private void refusedTool(String token, String session, String name, JsonObject args) {
    JsonObject result = mcp.tool(token, session, name, args);
    answers.add(result.encode());
    assertThat(result.getBoolean("isError")).as(result.encode()).isTrue();
    assertThat(result.getJsonArray("content").getJsonObject(0).getString("text")).startsWith("forbidden: ");
    assertThat(result.containsKey("structuredContent")).isFalse();
  }
}
