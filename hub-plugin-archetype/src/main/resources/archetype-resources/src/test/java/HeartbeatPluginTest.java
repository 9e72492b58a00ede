package ${package};

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.testkit.PluginTestHub;
import dev.eventhub.testkit.Subscription;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plugin in a real hub: the hub finds it on the test classpath, as it finds it in plugins/. */
class HeartbeatPluginTest {
  @TempDir Path dir;

  @Test
  void shouldBeatAndAnswerItsCount() {
    try (PluginTestHub hub = PluginTestHub.builder(dir).setting("plugins.heartbeat.interval", "100ms").start();
        Subscription beats = hub.subscribe("heartbeat")) {
      JsonObject beat = beats.next();
      assertThat(beat.getString("event")).isEqualTo("beat");
      assertThat(beat.getJsonObject("data").getLong("count")).isPositive();
      assertThat(hub.get("/api/heartbeat/count", hub.token("subscribe:heartbeat")).json().getLong("count"))
          .isPositive();
      assertThat(hub.get("/api/heartbeat/count", hub.token("subscribe:other")).status()).isEqualTo(403);
    }
  }

  @Test
  void shouldRefuseAnIntervalThatIsNotADurationNamingTheSetting() {
    try (PluginTestHub hub = PluginTestHub.builder(dir).setting("plugins.heartbeat.interval", "often").start()) {
      JsonObject heartbeat = hub.plugin("heartbeat");
      assertThat(heartbeat.getString("state")).isEqualTo("failed");
      assertThat(heartbeat.getString("error")).contains("plugins.heartbeat.interval");
    }
  }
}
