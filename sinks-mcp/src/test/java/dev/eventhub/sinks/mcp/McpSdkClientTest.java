package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MCP Java SDK's own client, over real HTTP on loopback, off the hub's event loops. */
class McpSdkClientTest {
  @TempDir Path dir;
  TestHub hub;
  McpSyncClient client;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.closeGracefully();
    }
    hub.close();
  }

  private McpSyncClient connect(String token) {
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport
        .builder("http://127.0.0.1:" + hub.port()).endpoint("/mcp")
        .httpRequestCustomizer((builder, method, uri, body, context) -> builder.header("Authorization",
            "Bearer " + token))
        .build();
    client = McpClient.sync(transport).requestTimeout(Duration.ofSeconds(TestHub.TIMEOUT_SECONDS + 30))
        .initializationTimeout(Duration.ofSeconds(TestHub.TIMEOUT_SECONDS)).build();
    McpSchema.InitializeResult init = client.initialize();
    assertThat(init.protocolVersion()).isEqualTo("2025-11-25");
    return client;
  }

  @SuppressWarnings("unchecked")
  private static JsonObject structured(McpSchema.CallToolResult result) {
    assertThat(result.isError()).as(String.valueOf(result.content())).isFalse();
    return new JsonObject((Map<String, Object>) result.structuredContent());
  }

  @SuppressWarnings("unchecked")
  private static McpSchema.CallToolRequest call(String name, JsonObject args) {
    try {
      // Plain maps and lists, as the SDK's mapper expects (a JsonObject's map holds JsonArrays).
      return new McpSchema.CallToolRequest(name, new ObjectMapper().readValue(args.encode(), Map.class));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldListTheHubsToolsAndThoseTheDlqPluginContributes() {
    McpSyncClient mcp = connect(hub.token("subscribe:*", "publish:*"));
    List<McpSchema.Tool> tools = mcp.listTools().tools();
    assertThat(tools).extracting(McpSchema.Tool::name).contains("list_categories", "query_events", "get_event",
        "wait_for_events", "publish_event", "dlq_list", "dlq_get", "dlq_resubmit", "dlq_resolve");
    assertThat(tools).allSatisfy(t -> {
      assertThat(t.inputSchema()).containsEntry("type", "object");
      assertThat(t.outputSchema()).containsEntry("type", "object");
    });
    JsonObject catalog = structured(mcp.callTool(call("list_categories", new JsonObject())));
    assertThat(catalog.getJsonArray("categories").stream().map(c -> ((JsonObject) c).getString("name")))
        .contains("dlq");
  }

  @Test
  void shouldQueryGetAndPublishEvents() {
    JsonObject published = hub.publish("jobs", "failed", "ci-1042", new JsonObject().put("exit", 2));
    McpSyncClient mcp = connect(hub.token("subscribe:jobs", "publish:jobs"));

    JsonObject page = structured(mcp.callTool(call("query_events", new JsonObject()
        .put("categories", new JsonArray().add("jobs")).put("keys", new JsonArray().add("ci-1042")))));
    assertThat(page.getJsonArray("events")).hasSize(1);
    JsonObject event = page.getJsonArray("events").getJsonObject(0);
    assertThat(event.getString("id")).isEqualTo(published.getString("id"));
    assertThat(event.getJsonObject("data").getInteger("exit")).isEqualTo(2);

    JsonObject recorded = structured(mcp.callTool(call("publish_event", new JsonObject().put("category", "jobs")
        .put("event", "retried").put("key", "ci-1042").put("id", "retry-1"))));
    JsonObject again = structured(mcp.callTool(call("publish_event", new JsonObject().put("category", "jobs")
        .put("event", "retried").put("key", "ci-1042").put("id", "retry-1"))));
    assertThat(again.getString("cursor")).isEqualTo(recorded.getString("cursor"));

    JsonObject got = structured(mcp.callTool(call("get_event", new JsonObject().put("category", "jobs")
        .put("id", "retry-1"))));
    assertThat(got.getJsonObject("event").getString("event")).isEqualTo("retried");

    JsonObject last = structured(mcp.callTool(call("query_events", new JsonObject()
        .put("categories", new JsonArray().add("jobs")).put("last", 1))));
    assertThat(last.getJsonArray("events").getJsonObject(0).getString("id")).isEqualTo("retry-1");
    assertThat(hub.get("/api/events?categories=jobs", hub.adminToken()).bodyAsJsonObject().getJsonArray("events"))
        .hasSize(2);

    McpSchema.ReadResourceResult resource = mcp.readResource(new McpSchema.ReadResourceRequest("hub://events/jobs"));
    assertThat(((McpSchema.TextResourceContents) resource.contents().get(0)).text()).contains("retry-1");
    assertThat(mcp.listPrompts().prompts()).extracting(McpSchema.Prompt::name).contains("investigate_job");
    McpSchema.GetPromptResult prompt = mcp.getPrompt(new McpSchema.GetPromptRequest("investigate_job",
        Map.of("category", "jobs", "key", "ci-1042")));
    assertThat(((McpSchema.TextContent) prompt.messages().get(0).content()).text()).contains("failed", "retried");
  }

  @Test
  void shouldAnswerAWaitWithAnEventPublishedDuringTheCall() throws Exception {
    McpSyncClient mcp = connect(hub.token("subscribe:jobs"));
    hub.publish("jobs", "before", "k", new JsonObject());
    CompletableFuture<McpSchema.CallToolResult> waiting = CompletableFuture.supplyAsync(() -> mcp.callTool(
        call("wait_for_events", new JsonObject().put("categories", new JsonArray().add("jobs"))
            .put("events", new JsonArray().add("done")).put("timeoutSeconds", 60))));
    Eventually.until(() -> hub.get("/api/mcp/stats", hub.adminToken()).bodyAsJsonObject().getInteger("waiting") == 1,
        "the wait to start");
    hub.publish("jobs", "other", "k", new JsonObject());
    JsonObject done = hub.publish("jobs", "done", "k", new JsonObject());

    JsonObject page = structured(waiting.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertThat(page.getBoolean("timedOut")).isFalse();
    assertThat(page.getJsonArray("events")).hasSize(1);
    assertThat(page.getJsonArray("events").getJsonObject(0).getString("id")).isEqualTo(done.getString("id"));
    assertThat(hub.get("/api/mcp/stats", hub.adminToken()).bodyAsJsonObject().getInteger("waiting")).isZero();
  }

  @Test
  void shouldAnswerAWaitAtOnceWhenEventsFollowItsCursorAndEmptyAtTheTimeout() {
    JsonObject first = hub.publish("jobs", "a", null, new JsonObject());
    JsonObject second = hub.publish("jobs", "b", null, new JsonObject());
    McpSyncClient mcp = connect(hub.token("subscribe:jobs"));

    JsonObject page = structured(mcp.callTool(call("wait_for_events", new JsonObject()
        .put("categories", new JsonArray().add("jobs")).put("since", first.getString("cursor")))));
    assertThat(page.getJsonArray("events").getJsonObject(0).getString("id")).isEqualTo(second.getString("id"));

    JsonObject empty = structured(mcp.callTool(call("wait_for_events", new JsonObject()
        .put("categories", new JsonArray().add("jobs")).put("events", new JsonArray().add("never"))
        .put("timeoutSeconds", 1))));
    assertThat(empty.getBoolean("timedOut")).isTrue();
    assertThat(empty.getJsonArray("events")).isEmpty();
  }
}
