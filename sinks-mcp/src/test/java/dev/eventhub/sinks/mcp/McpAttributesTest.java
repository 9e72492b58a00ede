package dev.eventhub.sinks.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: publish_event takes attributes; query_events filters on them and its results carry them. */
class McpAttributesTest {
  @TempDir Path dir;
  TestHub hub;

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void shouldPublishQueryAndFilterAttributes() {
    hub = TestHub.start(dir);
    RawMcp mcp = new RawMcp(hub.port());
    String token = hub.token("subscribe:*", "publish:*");
    String session = mcp.initialize(token);
    for (String task : new String[] {"t-1", "u-1"}) {
      JsonObject published = mcp.tool(token, session, "publish_event", new JsonObject().put("category", "agents")
          .put("event", "step").put("attributes", new JsonObject().put("agent_id", "a-7").put("task_id", task)));
      assertThat(published.getBoolean("isError")).as(published.encode()).isNotEqualTo(Boolean.TRUE);
    }
    JsonObject result = mcp.tool(token, session, "query_events", new JsonObject()
        .put("categories", new JsonArray().add("agents")).put("attributes", new JsonObject().put("task_id", "t-*")));
    JsonArray events = result.getJsonObject("structuredContent").getJsonArray("events");
    assertThat(events).hasSize(1);
    assertThat(events.getJsonObject(0).getJsonObject("attributes"))
        .isEqualTo(new JsonObject().put("agent_id", "a-7").put("task_id", "t-1"));
    JsonObject bad = mcp.tool(token, session, "publish_event", new JsonObject().put("category", "agents")
        .put("event", "step").put("attributes", new JsonObject().put("Bad", "x")));
    assertThat(bad.getBoolean("isError")).isTrue();
    assertThat(bad.getJsonArray("content").getJsonObject(0).getString("text")).contains("attribute name 'Bad'");
  }
}
