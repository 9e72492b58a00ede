package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 20: attributes in event frames, live and replayed, and subscriptions filtering on them. */
class AttributesFilterTest {
  @TempDir static Path dir;
  static Fixture fixture;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldCarryAttributesPostedOverHttpInLiveAndReplayedFrames() {
    JsonObject attributes = new JsonObject().put("agent_id", "a-7").put("task_id", "t-1");
    HttpResponse<Buffer> posted = fixture.hub.post("/api/events", fixture.hub.adminToken(), new JsonObject()
        .put("category", "wa-rt").put("event", "step").put("attributes", attributes));
    assertThat(posted.statusCode()).isEqualTo(201);
    try (WsClient c = fixture.connect()) {
      JsonObject subscribe = new JsonObject().put("type", "subscribe").put("categories", new JsonArray().add("wa-rt"))
          .put("last", 1).put("attributes", new JsonObject().put("task_id", "t-*"));
      AsyncApiCheck async = AsyncApiCheck.of(fixture.hub);
      async.assertAccepted("websocket", subscribe);
      c.subscribe(subscribe);
      JsonObject replayed = c.next("event");
      async.assertSent("websocket", replayed);
      assertThat(replayed.getBoolean("replay")).isTrue();
      assertThat(replayed.getJsonObject("attributes")).isEqualTo(attributes);
      c.next("replay_complete");
      fixture.hub.post("/api/events", fixture.hub.adminToken(), new JsonObject()
          .put("category", "wa-rt").put("event", "step").put("attributes", attributes.copy().put("task_id", "t-2")));
      assertThat(c.next("event").getJsonObject("attributes")).isEqualTo(attributes.copy().put("task_id", "t-2"));
    }
  }

  @Test
  void shouldDeliverOnlyEventsMatchingEveryAttributePair() {
    try (WsClient c = fixture.connect(); WsClient batch = fixture.connect()) {
      JsonObject subscribe = new JsonObject().put("categories", new JsonArray().add("wa-f*"))
          .put("attributes", new JsonObject().put("agent_id", "a-7").put("task_id", "t-*"));
      c.subscribe(subscribe);
      batch.subscribe(subscribe.copy().put("batch", true));
      List<HubEvent> sent = publishAll(
          draft(Map.of("agent_id", "a-7", "task_id", "t-1")),
          draft(Map.of("agent_id", "a-7")),
          draft(Map.of("agent_id", "a-8", "task_id", "t-1")),
          draft(Map.of()),
          draft(Map.of("agent_id", "a-7", "task_id", "u-1")),
          draft(Map.of("agent_id", "a-7", "task_id", "t-2", "other", "x")));
      assertThat(FilteringTest.ids(c.events(2))).containsExactly(sent.get(0).id(), sent.get(5).id());
      c.assertNothingPending();
      List<JsonObject> batched = new java.util.ArrayList<>();
      while (batched.size() < 2) {
        batched.addAll(WsClient.unpack(batch.next("events")));
      }
      assertThat(FilteringTest.ids(batched)).containsExactly(sent.get(0).id(), sent.get(5).id());
      batch.assertNothingPending();
    }
  }

  @Test
  void shouldReplayOnlyMatchingEvents() {
    List<HubEvent> sent = TestHub.await(fixture.hub.hub().publisher().publishAll(List.of(
        EventDraft.of("wa-replay", "e", null, null).withAttribute("agent_id", "a-1"),
        EventDraft.of("wa-replay", "e", null, null).withAttribute("agent_id", "b-1"),
        EventDraft.of("wa-replay", "e", null, null))));
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("wa-replay")).put("last", 10)
          .put("attributes", new JsonObject().put("agent_id", "a-*")));
      assertThat(c.next("event").getString("id")).isEqualTo(sent.get(0).id());
      assertThat(c.next("replay_complete").getLong("count")).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseAMalformedAttributeFilterNamingTheProblem() {
    try (WsClient c = fixture.connect()) {
      c.send(new JsonObject().put("type", "subscribe").put("id", 1).put("categories", new JsonArray().add("x"))
          .put("attributes", new JsonObject().put("Agent", "x")));
      JsonObject error = c.next("error");
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getString("message")).isEqualTo("field 'attributes': attribute name 'Agent' must match [a-z0-9_.-]{1,64}");
      c.send(new JsonObject().put("type", "subscribe").put("id", 2).put("categories", new JsonArray().add("x"))
          .put("attributes", new JsonArray()));
      assertThat(c.next("error").getString("message")).startsWith("field 'attributes' must be an object");
    }
  }

  private static EventDraft draft(Map<String, String> attributes) {
    return EventDraft.of("wa-f1", "e", null, null).withAttributes(attributes);
  }

  private static List<HubEvent> publishAll(EventDraft... drafts) {
    return TestHub.await(fixture.hub.hub().publisher().publishAll(List.of(drafts)));
  }
}
