package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed JSON-RPC and the sink's limits: a JSON-RPC error or a 4xx, never a 5xx, and nothing changed. */
class McpProtocolTest {
  @TempDir Path dir;
  TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private RawMcp start(String... settings) {
    hub = TestHub.start(dir, c -> {
      for (int i = 0; i < settings.length; i += 2) {
        c = c.with(settings[i], settings[i + 1].startsWith("[") ? new JsonArray(settings[i + 1])
            : settings[i + 1].matches("\\d+") ? Integer.parseInt(settings[i + 1]) : settings[i + 1]);
      }
      return c;
    });
    return new RawMcp(hub.port());
  }

  @Test
  void shouldAnswerMalformedMessagesWithJsonRpcErrors() {
    RawMcp mcp = start();
    String token = hub.token("subscribe:*", "publish:*");
    String session = mcp.initialize(token);

    assertRpcError(mcp.post(token, session, "{not json"), 400, -32700);
    assertRpcError(mcp.post(token, session, "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]"), 400, -32600);
    assertRpcError(mcp.post(token, session, "\"ping\""), 400, -32600);
    assertRpcError(mcp.post(token, session, "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"ping\"}"), 400, -32600);
    assertRpcError(mcp.post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"ping\"}"), 400, -32600);
    assertRpcError(mcp.post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":7}"), 400, -32600);
    assertRpcError(mcp.post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":[]}"), 400,
        -32600);
    assertRpcError(mcp.post(token, session, RawMcp.message(5, "no/such/method", new JsonObject())), 200, -32601);
    assertRpcError(mcp.post(token, session, RawMcp.message(6, "tools/call", new JsonObject().put("name", "nope"))),
        200, -32602);
    assertRpcError(mcp.post(token, session, RawMcp.message(7, "tools/call", new JsonObject().put("name",
        "query_events").put("arguments", "all"))), 200, -32602);
    assertRpcError(mcp.post(token, session, RawMcp.message(8, "resources/read", new JsonObject()
        .put("uri", "file:///etc/passwd"))), 200, -32002);
    assertRpcError(mcp.post(token, session, RawMcp.message(9, "initialize", new JsonObject())), 200, -32600);
    assertRpcError(mcp.post(token, session, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}",
        "MCP-Protocol-Version", "1999-01-01"), 400, -32600);

    // Arguments a tool refuses are its own error, named, for the model to correct.
    JsonObject bad = mcp.tool(token, session, "query_events", new JsonObject().put("categories",
        new JsonArray().add("jobs")).put("limit", "ten"));
    assertThat(bad.getBoolean("isError")).isTrue();
    assertThat(bad.getJsonArray("content").getJsonObject(0).getString("text")).contains("'limit'");
    JsonObject noCategories = mcp.tool(token, session, "query_events", new JsonObject());
    assertThat(noCategories.getJsonArray("content").getJsonObject(0).getString("text")).contains("'categories'");
    JsonObject badDraft = mcp.tool(token, session, "publish_event", new JsonObject().put("category", "Bad Name")
        .put("event", "x"));
    assertThat(badDraft.getBoolean("isError")).isTrue();

    // Still serving, and nothing was recorded.
    assertThat(mcp.call(token, session, "ping", new JsonObject()).getJsonObject("result")).isEqualTo(new JsonObject());
    assertThat(hub.get("/api/events?categories=*", hub.adminToken()).bodyAsJsonObject().getJsonArray("events"))
        .isEmpty();
  }

  @Test
  void shouldRefuseBodiesOverTheLimitAndForeignOrigins() {
    RawMcp mcp = start("plugins.mcp.maxRequestBytes", "2048", "plugins.mcp.allowedOrigins",
        "[\"https://agent.example\"]");
    String token = hub.token("subscribe:*", "publish:*");
    String session = mcp.initialize(token);

    String big = RawMcp.message(1, "tools/call", new JsonObject().put("name", "publish_event").put("arguments",
        new JsonObject().put("category", "jobs").put("event", "big").put("data", new JsonObject()
            .put("x", "y".repeat(5000)))));
    HttpResponse<String> tooLarge = mcp.post(token, session, big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(new JsonObject(tooLarge.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32600);

    String ping = RawMcp.message(2, "ping", new JsonObject());
    assertThat(mcp.post(token, session, ping, "Origin", "http://evil.example").statusCode()).isEqualTo(403);
    assertThat(mcp.post(token, session, ping, "Origin", "https://agent.example").statusCode()).isEqualTo(200);
    assertThat(mcp.post(token, session, ping, "Origin", "http://127.0.0.1:" + hub.port()).statusCode()).isEqualTo(200);
    assertThat(hub.get("/api/events?categories=*", hub.adminToken()).bodyAsJsonObject().getJsonArray("events"))
        .isEmpty();
  }

  @Test
  void shouldLimitSessionsPerToken() {
    RawMcp mcp = start("plugins.mcp.maxSessionsPerToken", "2");
    String token = hub.token("subscribe:*");
    String first = mcp.initialize(token);
    mcp.initialize(token);
    HttpResponse<String> third = mcp.post(token, null, RawMcp.message(1, "initialize", new JsonObject()));
    assertThat(third.statusCode()).isEqualTo(429);
    assertThat(new JsonObject(third.body()).getJsonObject("error").getInteger("code")).isEqualTo(-32003);
    // Another token is not held back by this one's sessions.
    mcp.initialize(hub.token("subscribe:*", "publish:*"));
    // Ending one makes room.
    assertThat(mcp.send(mcp.request(token, first).DELETE().build()).statusCode()).isEqualTo(204);
    mcp.initialize(token);
  }

  private static void assertRpcError(HttpResponse<String> r, int status, int code) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonObject body = RawMcp.body(r);
    assertThat(body.getString("jsonrpc")).isEqualTo("2.0");
    assertThat(body.getJsonObject("error").getInteger("code")).as(r.body()).isEqualTo(code);
    assertThat(body.getJsonObject("error").getString("message")).isNotBlank();
  }
}
