package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resource subscriptions on the session's stream, sessions ending with their token, contributed tools coming and going. */
class McpSessionsTest {
  @TempDir Path dir;
  TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void shouldNotifyASubscribedSessionOnItsStreamWhenItsCategoryGetsEvents() throws Exception {
    hub = TestHub.start(dir);
    RawMcp mcp = new RawMcp(hub.port());
    String token = hub.token("subscribe:jobs");
    String session = mcp.initialize(token);
    JsonObject sub = mcp.call(token, session, "resources/subscribe", new JsonObject().put("uri", "hub://events/jobs"));
    assertThat(sub.getJsonObject("result")).isEqualTo(new JsonObject());

    HttpResponse<Stream<String>> stream = mcp.http().send(mcp.request(token, session)
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    Iterator<String> lines = stream.body().iterator();
    assertThat(lines.next()).startsWith(":"); // the stream's opening comment: it is registered from here on

    hub.publish("other", "x", null, new JsonObject());
    hub.publish("jobs", "x", null, new JsonObject());
    CompletableFuture<String> data = CompletableFuture.supplyAsync(() -> {
      while (lines.hasNext()) {
        String line = lines.next();
        if (line.startsWith("data: ")) {
          return line.substring(6);
        }
      }
      return null;
    });
    JsonObject note = new JsonObject(data.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS));
    assertThat(note.getString("method")).isEqualTo("notifications/resources/updated");
    assertThat(note.getJsonObject("params").getString("uri")).isEqualTo("hub://events/jobs");
    stream.body().close();
  }

  @Test
  void shouldEndASessionAndItsStreamWhenItsTokenExpires() throws Exception {
    hub = TestHub.start(dir, c -> c.with("auth.jwt.leeway", "0s"));
    RawMcp mcp = new RawMcp(hub.port());
    String token = hub.hub().tokens().issue("agent", Set.of("subscribe:jobs"), Duration.ofSeconds(2));
    String session = mcp.initialize(token);
    HttpResponse<Stream<String>> stream = mcp.http().send(mcp.request(token, session)
        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(stream.statusCode()).isEqualTo(200);

    // The hub ends the stream itself once the token expired: reading it to its end returns.
    CompletableFuture<Long> ended = CompletableFuture.supplyAsync(() -> stream.body().count());
    ended.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(hub.get("/api/mcp/stats", hub.adminToken()).bodyAsJsonObject().getInteger("sessionsOpen")).isZero();
    assertThat(mcp.post(token, session, RawMcp.message(1, "ping", new JsonObject())).statusCode()).isEqualTo(401);
  }

  @Test
  void shouldServeTheDlqToolsOnlyWhileTheDlqPluginRuns() {
    hub = TestHub.start(dir);
    RawMcp mcp = new RawMcp(hub.port());
    String token = hub.token("subscribe:*", "publish:*");
    String session = mcp.initialize(token);
    assertThat(toolNames(mcp, token, session)).contains("dlq_list", "dlq_get", "dlq_resubmit", "dlq_resolve");
    assertThat(mcp.call(token, session, "prompts/list", new JsonObject()).encode()).contains("investigate_dead_letter");

    assertThat(hub.post("/api/plugins/dlq/stop", hub.adminToken(), null).statusCode()).isEqualTo(200);
    assertThat(toolNames(mcp, token, session)).noneMatch(n -> n.startsWith("dlq_")).contains("query_events");
    assertThat(mcp.call(token, session, "prompts/list", new JsonObject()).encode())
        .doesNotContain("investigate_dead_letter");

    assertThat(hub.post("/api/plugins/dlq/start", hub.adminToken(), null).statusCode()).isEqualTo(200);
    assertThat(toolNames(mcp, token, session)).contains("dlq_list");
    JsonObject list = mcp.tool(token, session, "dlq_list", new JsonObject().put("state", "parked"));
    assertThat(list.getBoolean("isError")).as(list.encode()).isFalse();
    assertThat(list.getJsonObject("structuredContent").getJsonArray("entries")).isEmpty();
  }

  private static java.util.List<String> toolNames(RawMcp mcp, String token, String session) {
    return mcp.call(token, session, "tools/list", new JsonObject()).getJsonObject("result").getJsonArray("tools")
        .stream().map(t -> ((JsonObject) t).getString("name")).toList();
  }
}
