package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.FakeClusterView;
import dev.eventhub.runtime.testing.FencedLogDouble;
import dev.eventhub.runtime.testing.PlacementHub;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a cluster, a plugin placed on one node writes (documents and events) through the leader's fenced
 * log, so that a node that lost leadership cannot write; a plugin placed on every node writes through
 * the node's own. The leader's log is a {@link FencedLogDouble}, fenced: its writes fail as a fenced
 * leader's do.
 */
class LeaderWritesTest {
  // Stores a document, then publishes an event; the plugin starts only if both were taken.
  private static final String WRITES = """
      return ctx.storage().put("things", "k", new JsonObject().put("v", 1))
          .compose(d -> ctx.publisher().publish(EventDraft.of(CATEGORY, "thing-happened", null, new JsonObject())));""";

  @TempDir Path dir;
  private PlacementHub node;
  private FencedLogDouble leaderLog;

  @BeforeEach
  void buildPlugins() {
    PluginJar.create()
        .source("test.one.One", TestPluginSources.plugin("test.one", "One", "one", "ones",
            WRITES.replace("CATEGORY", "\"ones\""), "\"one here\""))
        .service("dev.eventhub.api.spi.SourcePlugin", "test.one.One")
        .build(dir.resolve("plugins/one.jar"));
    PluginJar.create()
        .source("test.every.Every", TestPluginSources.plugin("test.every", "Every", "every", "everys",
            WRITES.replace("CATEGORY", "\"everys\""), "\"every here\"")
            .replace("implements SourcePlugin", "implements SinkPlugin"))
        .service("dev.eventhub.api.spi.SinkPlugin", "test.every.Every")
        .build(dir.resolve("plugins/every.jar"));
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private void start(boolean fenced) {
    node = PlacementHub.start(TestHub.config(dir), vertx -> new FakeClusterView(vertx).initiallyLeader(true),
        log -> leaderLog = new FencedLogDouble(log).fence(fenced));
  }

  private JsonObject plugin(String name) {
    return node.get("/api/plugins", node.adminToken()).bodyAsJsonObject().getJsonArray("plugins").stream()
        .map(o -> (JsonObject) o).filter(p -> name.equals(p.getString("name"))).findFirst().orElseThrow();
  }

  private int events(String category) {
    return node.get("/api/events?categories=" + category, node.adminToken()).bodyAsJsonObject()
        .getJsonArray("events").size();
  }

  @Test
  void shouldWriteASourcesDocumentsAndEventsThroughTheLeadersLog() {
    start(false);

    assertThat(plugin("one").getString("state")).isEqualTo("running");
    assertThat(plugin("every").getString("state")).isEqualTo("running");
    assertThat(leaderLog.writes()).as("the source's put and publish, not the sink's").isEqualTo(2);
    assertThat(events("ones")).isEqualTo(1);
    assertThat(events("everys")).isEqualTo(1);
  }

  @Test
  void shouldRefuseASourcesWritesOnceTheLeadersLogIsFencedButNotASinks() {
    start(true);

    JsonObject one = plugin("one");
    assertThat(one.getString("state")).isEqualTo("failed");
    assertThat(one.getString("error")).contains(FencedLogDouble.FENCED);
    assertThat(events("ones")).isZero();
    assertThat(plugin("every").getString("state")).isEqualTo("running");
    assertThat(events("everys")).isEqualTo(1);
  }
}
