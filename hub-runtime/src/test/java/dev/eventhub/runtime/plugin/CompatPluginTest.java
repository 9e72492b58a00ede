package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hub-api's compatibility promise (docs/adr/0005-hub-api-compatibility.md), tested on a plugin compiled
 * against the baseline release and kept as built: {@code compat/compat-plugin-0.1.0.jar}. This hub must
 * load and run it: descriptors, settings, publish, history, storage, routes.
 */
class CompatPluginTest {
  private static final Path PLUGIN = Path.of("..", "compat", "compat-plugin-0.1.0.jar");

  @TempDir Path dir;

  @Test
  void shouldLoadAndRunAPluginCompiledAgainstTheBaselineApi() throws Exception {
    Files.createDirectories(dir.resolve("plugins"));
    Files.copy(PLUGIN, dir.resolve("plugins/compat.jar"));
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.compat.greeting", "from 0.1.0"))) {
      JsonObject compat = PluginDiscoveryTest.plugin(hub, "compat");
      assertThat(compat.getString("state")).as(compat.encode()).isEqualTo("running");
      assertThat(compat.getString("version")).isEqualTo("0.1.0");
      JsonArray events = hub.get("/api/events?categories=compat", hub.adminToken()).bodyAsJsonObject()
          .getJsonArray("events");
      assertThat(events).hasSize(1);
      assertThat(events.getJsonObject(0).getJsonObject("data").getString("greeting")).isEqualTo("from 0.1.0");
      assertThat(hub.get("/api/compat/count", hub.token("subscribe:compat")).bodyAsJsonObject().getInteger("events"))
          .isEqualTo(1);
    }
  }
}
