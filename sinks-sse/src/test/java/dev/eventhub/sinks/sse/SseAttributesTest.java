package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.sse.SseClient.Message;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Issue 20: attributes in SSE messages and the attr=name:glob filter. */
class SseAttributesTest {
  @TempDir Path dir;
  TestHub hub;
  SseClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  void start() {
    hub = TestHub.start(dir);
  }

  SseClient stream(String query, String... scopes) throws IOException {
    client = SseClient.open(hub.port(), "/sse?" + query, Map.of("Authorization", "Bearer " + hub.token(scopes)));
    return client;
  }

  static void assertEvent(Message m, HubEvent e, boolean replay) {
    SseSinkTest.assertEvent(m, e, replay);
  }

  @Test
  void shouldStreamAttributesAndFilterOnEveryPair() throws Exception {
    start();
    HubEvent old = TestHub.await(hub.hub().publisher().publish(
        EventDraft.of("orders", "e", null, null).withAttribute("agent_id", "a-7").withAttribute("task_id", "t-0")));
    SseClient c = stream("categories=orders&last=5&attr=agent_id:a-7&attr=" + enc("task_id:t-*"), "subscribe:orders");
    assertThat(c.status).as(c.body).isEqualTo(200);
    c.read();
    c.nextMessage();
    Message replayed = c.nextEvent();
    assertEvent(replayed, old, true);
    AsyncApiCheck.of(hub).assertMessage("sse", "event", new JsonObject(replayed.data()));
    assertThat(new JsonObject(replayed.data()).getJsonObject("attributes").getString("task_id")).isEqualTo("t-0");
    assertThat(c.nextMessage().event()).isEqualTo("replay_complete");
    List<HubEvent> sent = TestHub.await(hub.hub().publisher().publishAll(List.of(
        EventDraft.of("orders", "e", null, null).withAttribute("agent_id", "a-7"),
        EventDraft.of("orders", "e", null, null).withAttribute("agent_id", "a-8").withAttribute("task_id", "t-1"),
        EventDraft.of("orders", "e", null, null).withAttribute("agent_id", "a-7").withAttribute("task_id", "t-1"))));
    assertEvent(c.nextEvent(), sent.get(2), false);
  }

  @Test
  void shouldRefuseAMalformedAttrParameterNamingIt() throws Exception {
    start();
    SseClient c = stream("categories=orders&attr=agent_id", "subscribe:orders");
    assertThat(c.status).isEqualTo(400);
    assertThat(new JsonObject(c.body).getString("message")).startsWith("parameter 'attr': 'agent_id' must be name:value");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
