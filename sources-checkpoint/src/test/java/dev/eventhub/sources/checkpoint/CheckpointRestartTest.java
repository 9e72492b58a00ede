package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the plugin stored is there after the hub stops and starts again on the same data. */
class CheckpointRestartTest {
  static final String BASE = CheckpointClient.BASE;

  @TempDir Path dir;

  @Test
  void shouldKeepSessionsCheckpointsStatesAndRestoresAcrossARestart() {
    JsonObject small = new JsonObject().put("step", 1);
    // Just under 1 MiB of JSON: stored in two parts.
    JsonObject large = new JsonObject().put("blob", "é".repeat(500_000)).put("list", new JsonArray().add(1).add(true));
    String first;
    String second;
    String deleted;
    try (TestHub hub = TestHub.start(dir)) {
      CheckpointClient api = new CheckpointClient(hub);
      first = api.create("agent", "small", small).getString("checkpoint_id");
      deleted = api.create("agent", "to delete", 0).getString("checkpoint_id");
      second = api.create("agent", "large", large).getString("checkpoint_id");
      api.expect(200, HttpMethod.POST, BASE + "agent/checkpoints/" + first + "/restore", null);
      api.expect(200, HttpMethod.DELETE, BASE + "agent/checkpoints/" + deleted, null);
    }

    try (TestHub hub = TestHub.start(dir)) {
      CheckpointClient api = new CheckpointClient(hub);
      assertThat(CheckpointApiTest.checkpointIds(api.get(BASE + "agent/checkpoints"))).containsExactly(second, first);
      JsonObject largeRead = api.get(BASE + "agent/checkpoints/" + second);
      assertThat(largeRead.getJsonObject("state")).isEqualTo(large);
      assertThat(largeRead.getInteger("state_bytes")).isGreaterThan(512 * 1024);
      JsonObject smallRead = api.get(BASE + "agent/checkpoints/" + first);
      assertThat(smallRead.getJsonObject("state")).isEqualTo(small);
      assertThat(smallRead.getInteger("restore_count")).isEqualTo(1);
      api.error(404, "not_found", HttpMethod.GET, BASE + "agent/checkpoints/" + deleted, null);
      assertThat(api.get(BASE + "agent").getLong("checkpoint_count")).isEqualTo(2);

      String third = api.create("agent", "after restart", 3).getString("checkpoint_id");
      JsonObject restored = api.expect(200, HttpMethod.POST, BASE + "agent/checkpoints/" + second + "/restore", null);

      assertThat(restored.getJsonObject("state")).isEqualTo(large);
      assertThat(CheckpointApiTest.checkpointIds(api.get(BASE + "agent/checkpoints")))
          .containsExactly(third, second, first);
      List<String> types = api.historyTypes();
      assertThat(types).containsExactly("checkpoint-created", "checkpoint-created", "checkpoint-created",
          "checkpoint-restored", "checkpoint-deleted", "checkpoint-created", "checkpoint-restored");
    }
  }

  @Test
  void shouldKeepCompactionAcrossARestart() {
    try (TestHub hub = TestHub.start(dir)) {
      CheckpointClient api = new CheckpointClient(hub);
      for (int i = 0; i < 4; i++) {
        api.create("s", "c" + i, i);
      }
      api.expect(200, HttpMethod.POST, BASE + "s/compact", new JsonObject().put("keep", 1));
    }
    try (TestHub hub = TestHub.start(dir)) {
      CheckpointClient api = new CheckpointClient(hub);
      JsonArray left = api.get(BASE + "s/checkpoints").getJsonArray("checkpoints");
      assertThat(left).hasSize(1);
      assertThat(left.getJsonObject(0).getString("label")).isEqualTo("c3");
      // The states of deleted checkpoints are gone too.
      assertThat(TestHub.await(hub.hub().log().storage("checkpoint").count("states", "s/"))).isEqualTo(1);
    }
  }
}
