package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-key grants over WebSocket (issue 20 item 7): a token with {@code subscribe:<category>/job-1*}
 * subscribes to the category and receives only those keys' events, live and in replay; a subscription
 * naming other keys is narrowed to the grant, not refused.
 */
class KeyGrantsTest {
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
  void shouldDeliverOnlyTheGrantedKeysLive() {
    try (WsClient attacker = fixture.connect("subscribe:kw/job-1*");
        WsClient batched = fixture.connect("subscribe:kw/job-1*")) {
      attacker.subscribe(new JsonObject().put("categories", new JsonArray().add("kw")));
      batched.subscribe(new JsonObject().put("categories", new JsonArray().add("kw")).put("batch", true)
          .put("keys", new JsonArray().add("job-2").add("job-1")));
      List<HubEvent> sent = publishMixed("kw");
      List<String> expected = sent.stream().filter(e -> e.key() != null && e.key().startsWith("job-1"))
          .map(HubEvent::id).toList();
      assertThat(ids(attacker.events(expected.size()))).isEqualTo(expected);
      attacker.assertNothingPending();
      assertThat(ids(batched.events(5))).isEqualTo(sent.stream().filter(e -> "job-1".equals(e.key()))
          .map(HubEvent::id).toList());
      batched.assertNothingPending();
    }
  }

  @Test
  void shouldReplayOnlyTheGrantedKeys() {
    HubEvent before = fixture.publish("kr-start", "x", (String) null);
    List<HubEvent> sent = publishMixed("kr");
    List<String> expected = sent.stream().filter(e -> e.key() != null && e.key().startsWith("job-1"))
        .map(HubEvent::id).toList();
    try (WsClient attacker = fixture.connect("subscribe:kr/job-1*")) {
      attacker.subscribe(new JsonObject().put("categories", new JsonArray().add("kr")).put("since", before.cursor()));
      assertThat(ids(attacker.events(expected.size()))).isEqualTo(expected);
      assertThat(attacker.next("replay_complete").getLong("count")).isEqualTo(expected.size());
      HubEvent other = fixture.publish("kr", "x", "job-2");
      HubEvent mine = fixture.publish("kr", "x", "job-1");
      assertThat(ids(attacker.events(1))).containsExactly(mine.id()).doesNotContain(other.id());
      attacker.assertNothingPending();
    }
    try (WsClient attacker = fixture.connect("subscribe:kr/job-1*")) {
      attacker.subscribe(new JsonObject().put("categories", new JsonArray().add("kr")).put("last", 3));
      List<JsonObject> replayed = new ArrayList<>();
      JsonObject frame;
      while (!(frame = attacker.next()).getString("type").equals("replay_complete")) {
        replayed.addAll(WsClient.unpack(frame));
      }
      assertThat(replayed).allMatch(e -> e.getString("key").startsWith("job-1"));
    }
  }

  @Test
  void shouldStillRefuseCategoriesTheGrantDoesNotName() {
    try (WsClient attacker = fixture.connect("subscribe:kw/job-1*")) {
      JsonObject error = attacker.request(new JsonObject().put("type", "subscribe").put("id", "s")
          .put("categories", new JsonArray().add("k*")), "error");
      assertThat(error.getString("code")).isEqualTo("forbidden");
      assertThat(error.getString("message")).contains("subscribe:k*");
    }
  }

  // Events of job-1, job-10, job-2, job-20 and no key, interleaved: 5 of each.
  private static List<HubEvent> publishMixed(String category) {
    List<HubEvent> sent = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      for (String key : new String[] {"job-1", "job-2", "job-10", null, "job-20"}) {
        sent.add(fixture.publish(category, "step", key));
      }
    }
    return sent;
  }

  private static List<String> ids(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("id")).toList();
  }
}
