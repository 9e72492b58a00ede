package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilteringTest {
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
  void shouldDeliverOnlyTheSubscribedCategories() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("fa-one").add("fa-two")));
      List<HubEvent> sent = publishAll(draft("fa-one", "x", null), draft("fa-other", "x", null),
          draft("fa-two", "x", null), draft("fa", "x", null));
      assertThat(ids(c.events(2))).containsExactly(sent.get(0).id(), sent.get(2).id());
      c.assertNothingPending();
    }
  }

  @Test
  void shouldMatchCategoryGlobs() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("fg-*")));
      List<HubEvent> sent = publishAll(draft("fg-a", "x", null), draft("fh-a", "x", null), draft("fg-b", "x", null));
      assertThat(ids(c.events(2))).containsExactly(sent.get(0).id(), sent.get(2).id());
      c.assertNothingPending();
    }
  }

  @Test
  void shouldMatchEventGlobsAndKeys() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("fe")).put("events", new JsonArray()
          .add("step-*").add("done")).put("keys", new JsonArray().add("job-1").add("job-2")));
      List<HubEvent> sent = publishAll(draft("fe", "step-started", "job-1"), draft("fe", "step-started", "job-3"),
          draft("fe", "other", "job-1"), draft("fe", "done", "job-2"), draft("fe", "done", null),
          draft("fe", "step-completed", "job-2"));
      assertThat(ids(c.events(3))).containsExactly(sent.get(0).id(), sent.get(3).id(), sent.get(5).id());
      c.assertNothingPending();
    }
  }

  @Test
  void shouldDeliverAnEventOnceForEachOverlappingSubscription() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("fo")));
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("f*")).put("events", new JsonArray().add("a")));
      List<HubEvent> sent = publishAll(draft("fo", "a", null), draft("fo", "b", null));
      List<JsonObject> frames = List.of(c.next("event"), c.next("event"), c.next("event"));
      assertThat(frames).extracting(f -> f.getString("subscription") + "/" + f.getString("id")).containsExactlyInAnyOrder(
          "sub-1/" + sent.get(0).id(), "sub-2/" + sent.get(0).id(), "sub-1/" + sent.get(1).id());
      assertThat(frames.stream().filter(f -> f.getString("subscription").equals("sub-1")).map(f -> f.getString("id")))
          .containsExactly(sent.get(0).id(), sent.get(1).id());
      c.assertNothingPending();
    }
  }

  @Test
  void shouldDeliverTenThousandEventsInLogOrder() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("forder")));
      List<HubEvent> sent = fixture.publish("forder", "tick", 10_000);
      List<JsonObject> received = c.events(10_000);
      assertThat(ids(received)).isEqualTo(sent.stream().map(HubEvent::id).toList());
      assertThat(received.stream().map(e -> e.getString("cursor")).toList()).isSorted();
      c.assertNothingPending();
    }
  }

  @Test
  void shouldPackEventsIntoEventsFramesForABatchSubscription() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("fbatch")).put("batch", true));
      List<HubEvent> sent = fixture.publish("fbatch", "tick", 3000);
      List<JsonObject> received = new ArrayList<>();
      int frames = 0;
      while (received.size() < sent.size()) {
        JsonObject frame = c.next("events");
        assertThat(frame.getString("subscription")).isEqualTo("sub-1");
        received.addAll(WsClient.unpack(frame));
        frames++;
      }
      assertThat(frames).isLessThan(sent.size());
      assertThat(ids(received)).isEqualTo(sent.stream().map(HubEvent::id).toList());
      assertThat(received.get(0)).isEqualTo(new JsonObject(sent.get(0).encode()));
      c.assertNothingPending();
    }
  }

  @Test
  void shouldGiveEachBatchSubscriptionItsOwnEventsWhenConnectionsShareFrames() {
    // Twelve connections, each with a sub-1, spread round-robin over the hub's event loops (up to six share
    // one loop with both kinds): a loop builds one events frame for the sub-1s that take the same events,
    // and must not hand it to those whose keys take fewer.
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        WsClient c = fixture.connect();
        JsonObject subscribe = new JsonObject().put("categories", new JsonArray().add("fshare")).put("batch", true);
        c.subscribe(i < 6 ? subscribe : subscribe.put("keys", new JsonArray().add("k1")));
        clients.add(c);
      }
      List<HubEvent> sent = fixture.publish("fshare", "tick", 3000);
      List<String> all = sent.stream().map(HubEvent::id).toList();
      List<String> k1 = sent.stream().filter(e -> "k1".equals(e.key())).map(HubEvent::id).toList();
      for (int i = 0; i < clients.size(); i++) {
        List<String> expected = i < 6 ? all : k1;
        List<JsonObject> received = new ArrayList<>();
        while (received.size() < expected.size()) {
          received.addAll(WsClient.unpack(clients.get(i).next("events")));
        }
        assertThat(ids(received)).as("connection %d", i).isEqualTo(expected);
        clients.get(i).assertNothingPending();
      }
    } finally {
      clients.forEach(WsClient::close);
    }
  }

  static EventDraft draft(String category, String event, String key) {
    return EventDraft.of(category, event, key, new JsonObject());
  }

  static List<HubEvent> publishAll(EventDraft... drafts) {
    return TestHub.await(fixture.hub.hub().publisher().publishAll(List.of(drafts)));
  }

  static List<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("id")).toList();
  }
}
