package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CheckpointApiTest extends PluginTestBase {
  static final String BASE = CheckpointClient.BASE;

  CheckpointClient api;

  @Override
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.of(hub, "checkpoint");
  }

  @BeforeEach
  void startHub() {
    start();
    api = new CheckpointClient(hub);
  }

  @Test
  void shouldCreateACheckpointAndAnnounceItToEventBusSubscribers() {
    JsonObject state = new JsonObject().put("step", 3).put("thoughts", new JsonArray().add("a").add("b"));

    JsonObject created = api.create("agent-1", "after planning", state);

    assertThat(created.getString("checkpoint_id")).hasSize(26);
    assertThat(created.getString("session_id")).isEqualTo("agent-1");
    assertThat(created.getString("label")).isEqualTo("after planning");
    assertThat(created.getInteger("state_bytes")).isEqualTo(state.encode().length());
    assertThat(created.getInteger("checkpoint_count")).isEqualTo(1);
    assertThat(created.getInteger("restore_count")).isZero();
    assertThat(created.containsKey("state")).isFalse();
    HubEvent event = events.await(1).get(0);
    assertThat(event.event()).isEqualTo("checkpoint-created");
    assertThat(event.key()).isEqualTo("agent-1");
    JsonObject data = event.data();
    assertThat(data.getString("checkpoint_id")).isEqualTo(created.getString("checkpoint_id"));
    assertThat(data.getString("session_id")).isEqualTo("agent-1");
    assertThat(data.getString("label")).isEqualTo("after planning");
    assertThat(data.getString("created_at")).isEqualTo(created.getString("created_at"));
    assertThat(data.getInteger("checkpoint_count")).isEqualTo(1);
    assertThat(data.getBoolean("state_included")).isTrue();
    assertThat(data.getJsonObject("state")).isEqualTo(state);
  }

  @Test
  void shouldAcceptAnyJsonValueAsState() {
    api.create("s", "array", new JsonArray().add(1).add(2));
    api.create("s", "string", "plain text");
    api.create("s", "number", 42.5);
    JsonObject flag = api.create("s", "boolean", false);

    JsonObject read = api.get(BASE + "s/checkpoints/" + flag.getString("checkpoint_id"));
    assertThat(read.getBoolean("state")).isFalse();
    List<Object> states = new ArrayList<>();
    for (JsonObject c : api.get(BASE + "s/checkpoints").getJsonArray("checkpoints").stream()
        .map(JsonObject.class::cast).toList()) {
      states.add(api.get(BASE + "s/checkpoints/" + c.getString("checkpoint_id")).getValue("state"));
    }
    assertThat(states).containsExactly(false, 42.5, "plain text", new JsonArray().add(1).add(2));
  }

  @Test
  void shouldListCheckpointsNewestFirstInPages() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(api.create("s1", "c" + i, new JsonObject().put("i", i)).getString("checkpoint_id"));
    }
    api.create("s10", "other session", new JsonObject());

    JsonObject page1 = api.get(BASE + "s1/checkpoints?limit=2");
    JsonObject page2 = api.get(BASE + "s1/checkpoints?limit=2&after=" + page1.getString("next"));
    JsonObject page3 = api.get(BASE + "s1/checkpoints?limit=2&after=" + page2.getString("next"));

    assertThat(checkpointIds(page1)).containsExactly(ids.get(4), ids.get(3));
    assertThat(page1.getBoolean("more")).isTrue();
    assertThat(checkpointIds(page2)).containsExactly(ids.get(2), ids.get(1));
    assertThat(checkpointIds(page3)).containsExactly(ids.get(0));
    assertThat(page3.getBoolean("more")).isFalse();
    assertThat(page3.getString("next")).isNull();
    JsonObject first = page1.getJsonArray("checkpoints").getJsonObject(0);
    assertThat(first.getString("label")).isEqualTo("c4");
    assertThat(first.containsKey("state")).isFalse();
    assertThat(checkpointIds(api.get(BASE + "s1/checkpoints")))
        .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
  }

  @Test
  void shouldGetOneCheckpointWithItsState() {
    JsonObject state = new JsonObject().put("memory", "x".repeat(1000)).put("n", 7);
    String id = api.create("s1", "one", state).getString("checkpoint_id");

    JsonObject read = api.get(BASE + "s1/checkpoints/" + id);

    assertThat(read.getString("checkpoint_id")).isEqualTo(id);
    assertThat(read.getString("label")).isEqualTo("one");
    assertThat(read.getJsonObject("state")).isEqualTo(state);
    assertThat(read.containsKey("state_parts")).isFalse();
  }

  @Test
  void shouldRestoreACheckpointAnsweringItsStateAndRecordingTheRestore() {
    JsonObject state = new JsonObject().put("plan", "retry with smaller batch");
    String id = api.create("s1", "before retry", state).getString("checkpoint_id");

    JsonObject first = api.expect(200, HttpMethod.POST, BASE + "s1/checkpoints/" + id + "/restore", null);
    JsonObject second = api.expect(200, HttpMethod.POST, BASE + "s1/checkpoints/" + id + "/restore", new JsonObject());

    assertThat(first.getJsonObject("state")).isEqualTo(state);
    assertThat(first.getInteger("restore_count")).isEqualTo(1);
    assertThat(second.getInteger("restore_count")).isEqualTo(2);
    assertThat(second.getString("last_restored_at")).isNotNull();
    JsonObject read = api.get(BASE + "s1/checkpoints/" + id);
    assertThat(read.getInteger("restore_count")).isEqualTo(2);
    assertThat(read.getString("last_restored_at")).isEqualTo(second.getString("last_restored_at"));
    List<HubEvent> received = events.await(3);
    HubEvent restored = received.get(2);
    assertThat(restored.event()).isEqualTo("checkpoint-restored");
    assertThat(restored.key()).isEqualTo("s1");
    assertThat(restored.data().getString("checkpoint_id")).isEqualTo(id);
    assertThat(restored.data().getString("session_id")).isEqualTo("s1");
    assertThat(restored.data().getInteger("restore_count")).isEqualTo(2);
    assertThat(restored.data().getString("restored_at")).isEqualTo(second.getString("last_restored_at"));
    assertThat(restored.data().getJsonObject("state")).isEqualTo(state);
  }

  @Test
  void shouldDeleteACheckpointAndTellHowManyRemain() {
    String keep = api.create("s1", "keep", new JsonObject()).getString("checkpoint_id");
    String gone = api.create("s1", "gone", new JsonObject()).getString("checkpoint_id");

    JsonObject deleted = api.expect(200, HttpMethod.DELETE, BASE + "s1/checkpoints/" + gone, null);

    assertThat(deleted.getBoolean("deleted")).isTrue();
    assertThat(deleted.getString("checkpoint_id")).isEqualTo(gone);
    assertThat(deleted.getLong("remaining")).isEqualTo(1);
    api.error(404, "not_found", HttpMethod.GET, BASE + "s1/checkpoints/" + gone, null);
    assertThat(checkpointIds(api.get(BASE + "s1/checkpoints"))).containsExactly(keep);
    HubEvent event = events.await(3).get(2);
    assertThat(event.event()).isEqualTo("checkpoint-deleted");
    assertThat(event.data().getString("checkpoint_id")).isEqualTo(gone);
    assertThat(event.data().getString("session_id")).isEqualTo("s1");
    assertThat(event.data().getString("label")).isEqualTo("gone");
    assertThat(event.data().getLong("remaining")).isEqualTo(1);
  }

  @Test
  void shouldCompactASessionToItsNewestCheckpoints() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(api.create("s1", "c" + i, new JsonObject().put("i", i)).getString("checkpoint_id"));
    }

    JsonObject compacted = api.expect(200, HttpMethod.POST, BASE + "s1/compact", new JsonObject().put("keep", 2));

    assertThat(compacted.getInteger("deleted")).isEqualTo(3);
    assertThat(compacted.getInteger("remaining")).isEqualTo(2);
    assertThat(compacted.getString("checkpoint_id")).isEqualTo(ids.get(3));
    assertThat(compacted.getString("latest_checkpoint_id")).isEqualTo(ids.get(4));
    assertThat(checkpointIds(api.get(BASE + "s1/checkpoints"))).containsExactly(ids.get(4), ids.get(3));
    for (String id : ids.subList(0, 3)) {
      api.error(404, "not_found", HttpMethod.GET, BASE + "s1/checkpoints/" + id, null);
    }
    assertThat(api.get(BASE + "s1/checkpoints/" + ids.get(3)).getJsonObject("state").getInteger("i")).isEqualTo(3);
    HubEvent event = events.await(6).get(5);
    assertThat(event.event()).isEqualTo("checkpoints-compacted");
    assertThat(event.key()).isEqualTo("s1");
    assertThat(event.data().getString("session_id")).isEqualTo("s1");
    assertThat(event.data().getString("checkpoint_id")).isEqualTo(ids.get(3));
    assertThat(event.data().getInteger("keep")).isEqualTo(2);
    assertThat(event.data().getInteger("deleted")).isEqualTo(3);
    assertThat(event.data().getInteger("remaining")).isEqualTo(2);
  }

  @Test
  void shouldCompactToNothingAndRecordNothingWhenNothingIsOverTheKeep() {
    api.create("s1", "a", new JsonObject());
    api.create("s1", "b", new JsonObject());

    JsonObject noop = api.expect(200, HttpMethod.POST, BASE + "s1/compact", new JsonObject().put("keep", 5));
    JsonObject all = api.expect(200, HttpMethod.POST, BASE + "s1/compact", new JsonObject().put("keep", 0));

    assertThat(noop.getInteger("deleted")).isZero();
    assertThat(all.getInteger("deleted")).isEqualTo(2);
    assertThat(all.getInteger("remaining")).isZero();
    assertThat(all.getString("checkpoint_id")).isNull();
    assertThat(api.get(BASE + "s1/checkpoints").getJsonArray("checkpoints")).isEmpty();
    assertThat(api.historyTypes()).containsExactly("checkpoint-created", "checkpoint-created", "checkpoints-compacted");
    // The session itself stays known, empty.
    assertThat(api.get(BASE + "s1").getLong("checkpoint_count")).isZero();
  }

  @Test
  void shouldDescribeASessionAndListSessions() {
    api.create("beta", "one", new JsonObject());
    String latest = api.create("beta", "two", new JsonObject()).getString("checkpoint_id");
    api.create("alpha", "one", new JsonObject());
    api.create("gamma", "one", new JsonObject());

    JsonObject beta = api.get(BASE + "beta");
    JsonObject page1 = api.get("/api/checkpoint/sessions?limit=2");
    JsonObject page2 = api.get("/api/checkpoint/sessions?limit=2&after=" + page1.getString("next"));

    assertThat(beta.getString("session_id")).isEqualTo("beta");
    assertThat(beta.getString("created_at")).isNotNull();
    assertThat(beta.getLong("checkpoint_count")).isEqualTo(2);
    assertThat(beta.getJsonObject("latest").getString("checkpoint_id")).isEqualTo(latest);
    assertThat(sessionIds(page1)).containsExactly("alpha", "beta");
    assertThat(page1.getBoolean("more")).isTrue();
    assertThat(sessionIds(page2)).containsExactly("gamma");
    assertThat(page2.getBoolean("more")).isFalse();
  }

  @Test
  void shouldKeepEveryChangeInTheLogForReplay() {
    String id = api.create("s1", "a", new JsonObject()).getString("checkpoint_id");
    api.create("s1", "b", new JsonObject());
    api.expect(200, HttpMethod.POST, BASE + "s1/checkpoints/" + id + "/restore", null);
    api.expect(200, HttpMethod.DELETE, BASE + "s1/checkpoints/" + id, null);
    api.create("s1", "c", new JsonObject());
    api.expect(200, HttpMethod.POST, BASE + "s1/compact", new JsonObject().put("keep", 1));

    List<JsonObject> history = api.history();

    assertThat(history).extracting(e -> e.getString("event")).containsExactly("checkpoint-created",
        "checkpoint-created", "checkpoint-restored", "checkpoint-deleted", "checkpoint-created",
        "checkpoints-compacted");
    assertThat(history).allSatisfy(e -> {
      assertThat(e.getString("key")).isEqualTo("s1");
      assertThat(e.getJsonObject("data").getString("session_id")).isEqualTo("s1");
      assertThat(e.getJsonObject("data").containsKey("checkpoint_id")).isTrue();
    });
    assertThat(events.await(6)).extracting(HubEvent::id)
        .containsExactlyElementsOf(history.stream().map(e -> e.getString("id")).toList());
  }

  @Test
  void shouldDeclareItsEventCatalog() {
    JsonObject categories = api.expect(200, hub.get("/api/categories", hub.token("subscribe:checkpoint")));

    JsonObject checkpoint = categories.getJsonArray("categories").stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("name").equals("checkpoint")).findFirst().orElseThrow();
    assertThat(checkpoint.getString("plugin")).isEqualTo("checkpoint");
    assertThat(checkpoint.getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("name")))
        .containsExactly("checkpoint-created", "checkpoint-restored", "checkpoint-deleted", "checkpoints-compacted");
  }

  static List<String> checkpointIds(JsonObject page) {
    return page.getJsonArray("checkpoints").stream().map(c -> ((JsonObject) c).getString("checkpoint_id")).toList();
  }

  static List<String> sessionIds(JsonObject page) {
    return page.getJsonArray("sessions").stream().map(c -> ((JsonObject) c).getString("session_id")).toList();
  }
}
