package dev.eventhub.runtime.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hubs on a real broker: a plugin placed on one node runs on the elected leader only, writes through
 * the leader's fenced producer (its documents and events reach every node), answers on every node
 * (a follower forwards to the leader's advertised address), and moves to the other node when the
 * leader stops.
 */
class ClusterLeaderTest {
  // At start: a document, then an event; the plugin runs only if both were taken.
  private static final String WRITES = """
      return ctx.storage().put("things", "k", new JsonObject().put("v", 1))
          .compose(d -> ctx.publisher().publish(EventDraft.of("ones", "thing-happened", null, new JsonObject())));""";

  @TempDir Path dir;
  private KafkaNodes nodes;

  @BeforeEach
  void setUp() {
    nodes = new KafkaNodes(dir);
    for (String node : List.of("a", "b")) {
      PluginJar.create()
          .source("test.one.One", TestPluginSources.plugin("test.one", "One", "one", "ones", WRITES, "\"one here\""))
          .service("dev.eventhub.api.spi.SourcePlugin", "test.one.One")
          .build(dir.resolve(node).resolve("plugins/one.jar"));
    }
  }

  @AfterEach
  void tearDown() {
    nodes.close();
  }

  private static String state(TestHub hub) {
    return hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins").stream()
        .map(o -> (JsonObject) o).filter(p -> "one".equals(p.getString("name"))).findFirst().orElseThrow()
        .getString("state");
  }

  private static int started(TestHub hub) {
    return hub.get("/api/events?categories=ones", hub.adminToken()).bodyAsJsonObject().getJsonArray("events").size();
  }

  @Test
  void shouldRunAOneNodePluginOnTheLeaderOnlyForwardToItAndMoveItWhenTheLeaderStops() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");

    Eventually.until(() -> List.of(state(a), state(b)).containsAll(List.of("running", "standby")),
        "the plugin to run on one node and stand by on the other");
    TestHub leader = "running".equals(state(a)) ? a : b;
    TestHub follower = leader == a ? b : a;
    Eventually.until(() -> started(follower) == 1, "the leader's write to reach the follower");
    assertThat(started(leader)).isEqualTo(1);

    var forwarded = follower.get("/api/ones/hello", follower.adminToken());
    assertThat(forwarded.statusCode()).as(forwarded.bodyAsString()).isEqualTo(200);
    assertThat(forwarded.bodyAsString()).isEqualTo("one here");
    JsonObject cluster = follower.get("/api/cluster", follower.adminToken()).bodyAsJsonObject();
    assertThat(cluster.getBoolean("isLeader")).isFalse();
    assertThat(cluster.getJsonObject("leader").getString("httpBase")).isEqualTo("http://127.0.0.1:" + leader.port());

    nodes.stop(leader);

    Eventually.until(() -> "running".equals(state(follower)), "the plugin to move to the other node");
    Eventually.until(() -> started(follower) == 2, "the new leader's plugin to write");
  }
}
