package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-key grants at /mcp (issue 20 item 7): the agent's tools read and publish only the granted keys. */
class McpKeyGrantsTest {
  private static final String MARKER = "OTHER-TENANT-MARKER";
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
  void shouldReadAndPublishOnlyTheGrantedKeys() {
    JsonObject first = hub.publish("km-start", "x", null, new JsonObject());
    List<String> theirs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      theirs.add(hub.publish("km", "step", "job-2", new JsonObject().put("note", MARKER)).getString("id"));
      hub.publish("km", "step", "job-1", new JsonObject().put("note", "mine"));
      hub.publish("km", "step", null, new JsonObject().put("note", MARKER));
    }
    String token = hub.token("subscribe:km/job-1*", "publish:km/job-1*");
    String session = mcp.initialize(token);

    JsonObject query = mcp.tool(token, session, "query_events", new JsonObject()
        .put("categories", new JsonArray().add("km")).put("since", first.getString("cursor")));
    answers.add(query.encode());
    assertThat(query.getJsonObject("structuredContent").getJsonArray("events")).hasSize(3)
        .allMatch(e -> "job-1".equals(((JsonObject) e).getString("key")));
    JsonObject last = mcp.tool(token, session, "query_events", new JsonObject()
        .put("categories", new JsonArray().add("km")).put("last", 5));
    answers.add(last.encode());
    JsonObject byId = mcp.tool(token, session, "get_event", new JsonObject().put("category", "km")
        .put("id", theirs.get(0)));
    answers.add(byId.encode());
    assertThat(byId.getBoolean("isError")).as(byId.encode()).isTrue();
    assertThat(byId.getJsonArray("content").getJsonObject(0).getString("text")).startsWith("not_found: ");

    // A wait answers with the granted key's event only, though another key's came first.
    JsonObject head = hub.publish("km", "step", "job-2", new JsonObject().put("note", MARKER));
    hub.publish("km", "step", "job-2", new JsonObject().put("note", MARKER));
    JsonObject mine = hub.publish("km", "step", "job-1", new JsonObject().put("note", "mine"));
    JsonObject waited = mcp.tool(token, session, "wait_for_events", new JsonObject()
        .put("categories", new JsonArray().add("km")).put("since", head.getString("cursor")).put("timeoutSeconds", 20));
    answers.add(waited.encode());
    assertThat(waited.getJsonObject("structuredContent").getJsonArray("events")).hasSize(1)
        .allMatch(e -> mine.getString("id").equals(((JsonObject) e).getString("id")));

    JsonObject refused = mcp.tool(token, session, "publish_event", new JsonObject().put("category", "km")
        .put("event", "x").put("key", "job-2"));
    assertThat(refused.getBoolean("isError")).isTrue();
    assertThat(refused.getJsonArray("content").getJsonObject(0).getString("text")).contains("publish:km/job-2");
    JsonObject published = mcp.tool(token, session, "publish_event", new JsonObject().put("category", "km")
        .put("event", "x").put("key", "job-1"));
    assertThat(published.getBoolean("isError")).as(published.encode()).isFalse();
    assertThat(hub.get("/api/events?categories=km&keys=job-2", hub.adminToken()).bodyAsJsonObject()
        .getJsonArray("events")).hasSize(5);

    assertThat(answers).noneMatch(a -> a.contains(MARKER));
  }
}
