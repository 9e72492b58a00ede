package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configurable limits, and what happens at them. */
class CheckpointLimitsTest {
  static final String BASE = CheckpointClient.BASE;

  @TempDir Path dir;

  @Test
  void shouldRejectACheckpointOverTheSessionLimitNamingTheLimit() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.checkpoint.maxCheckpointsPerSession", 3))) {
      CheckpointClient api = new CheckpointClient(hub);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ids.add(api.create("s1", "c" + i, i).getString("checkpoint_id"));
      }

      JsonObject error = api.error(409, "conflict", HttpMethod.POST, BASE + "s1/checkpoints",
          new JsonObject().put("label", "one too many").put("state", 4));

      assertThat(error.getString("message")).contains("maxCheckpointsPerSession").contains("3");
      assertThat(api.get(BASE + "s1").getLong("checkpoint_count")).isEqualTo(3);
      assertThat(api.historyTypes()).hasSize(3);
      api.create("s2", "other sessions are not affected", 1);
      api.expect(200, HttpMethod.DELETE, BASE + "s1/checkpoints/" + ids.get(0), null);
      api.create("s1", "room again", 5);
    }
  }

  @Test
  void shouldLetExactlyTheLimitThroughWhenCreatesRace() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.checkpoint.maxCheckpointsPerSession", 5))) {
      String token = hub.token("publish:checkpoint");
      List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        responses.add(hub.client().post(BASE + "race/checkpoints").bearerTokenAuthentication(token)
            .sendJsonObject(new JsonObject().put("label", "c" + i).put("state", i)));
      }
      TestHub.await(Future.join(responses));

      List<Integer> statuses = responses.stream().map(f -> f.result().statusCode()).toList();
      assertThat(statuses).filteredOn(s -> s == 201).hasSize(5);
      assertThat(statuses).filteredOn(s -> s == 409).hasSize(7);
      CheckpointClient api = new CheckpointClient(hub);
      assertThat(api.get(BASE + "race").getLong("checkpoint_count")).isEqualTo(5);
      assertThat(api.history()).extracting(e -> e.getJsonObject("data").getInteger("checkpoint_count"))
          .containsExactly(1, 2, 3, 4, 5);
    }
  }

  @Test
  void shouldLeaveStatesOverTheEventLimitOutOfEvents() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.checkpoint.maxEventStateBytes", 100))) {
      CheckpointClient api = new CheckpointClient(hub);
      try (EventRecorder events = EventRecorder.of(hub, "checkpoint")) {
        api.create("s1", "small", "x".repeat(98));
        String big = api.create("s1", "big", "x".repeat(99)).getString("checkpoint_id");
        api.expect(200, HttpMethod.POST, BASE + "s1/checkpoints/" + big + "/restore", null);

        List<HubEvent> received = events.await(3);

        assertThat(received.get(0).data().getBoolean("state_included")).isTrue();
        assertThat(received.get(0).data().getString("state")).hasSize(98);
        for (HubEvent withoutState : received.subList(1, 3)) {
          assertThat(withoutState.data().getBoolean("state_included")).isFalse();
          assertThat(withoutState.data().containsKey("state")).isFalse();
          assertThat(withoutState.data().getInteger("state_bytes")).isEqualTo(101);
        }
      }
    }
  }

  @Test
  void shouldApplyASmallerStateLimit() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.checkpoint.maxStateBytes", 100))) {
      CheckpointClient api = new CheckpointClient(hub);
      api.create("s1", "fits", "x".repeat(98));

      JsonObject error = api.error(413, "too_large", HttpMethod.POST, BASE + "s1/checkpoints",
          new JsonObject().put("label", "l").put("state", "x".repeat(99)));

      assertThat(error.getString("message")).contains("101 bytes").contains("limit of 100").contains("maxStateBytes");
    }
  }

  @Test
  void shouldNotStartWithAnInvalidSettingAndSayWhichOne() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.checkpoint.maxStateBytes", "a lot"))) {
      JsonObject plugin = CheckpointClient.expect(200, hub.get("/api/plugins", hub.adminToken()))
          .getJsonArray("plugins").stream().map(JsonObject.class::cast)
          .filter(p -> p.getString("name").equals("checkpoint")).findFirst().orElseThrow();

      assertThat(plugin.getString("state")).isEqualTo("failed");
      assertThat(plugin.getString("error")).contains("plugins.checkpoint.maxStateBytes");
      assertThat(hub.get(BASE + "s1", hub.adminToken()).statusCode()).isEqualTo(404);
    }
  }
}
