package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.FakeClusterView;
import dev.eventhub.runtime.testing.PlacementHub;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where plugins run in a cluster: a source (placed on one node) only while this node leads, a sink
 * (on every node) always. Leadership is a {@link FakeClusterView} the test flips; the leader's address
 * is one nobody listens on, so a request that is forwarded answers 503 and one served here does not.
 */
class PlacementTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";
  private static final String SINK = "dev.eventhub.api.spi.SinkPlugin";

  @TempDir Path dir;
  private FakeClusterView view;
  private PlacementHub node;

  @BeforeEach
  void buildPlugins() {
    PluginJar.create()
        .source("test.one.One", TestPluginSources.simple("test.one", "One", "one", "ones", "\"one here\""))
        .service(SOURCE, "test.one.One")
        .build(dir.resolve("plugins/one.jar"));
    PluginJar.create()
        .source("test.every.Every", TestPluginSources.simple("test.every", "Every", "every", "everys", "\"every here\"")
            .replace("implements SourcePlugin", "implements SinkPlugin"))
        .service(SINK, "test.every.Every")
        .build(dir.resolve("plugins/every.jar"));
  }

  @AfterEach
  void stopNode() {
    if (node != null) {
      node.close();
    }
  }

  private void start(boolean leader) throws IOException {
    String nowhere = "http://127.0.0.1:" + freePort();
    node = PlacementHub.start(TestHub.config(dir), vertx -> view = new FakeClusterView(vertx)
        .initiallyLeader(leader).leaderAt(nowhere));
  }

  private void lead(boolean leader) {
    TestHub.await(view.becomeLeader(leader));
    node.settle();
  }

  private Map<String, String> states() {
    var r = node.get("/api/plugins", node.adminToken());
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, String> out = new HashMap<>();
    r.bodyAsJsonObject().getJsonArray("plugins").forEach(o -> {
      JsonObject p = (JsonObject) o;
      out.put(p.getString("name"), p.getString("state"));
    });
    return out;
  }

  private int hello(String category) {
    return node.get("/api/" + category + "/hello", node.adminToken()).statusCode();
  }

  private JsonObject action(String plugin, String action, int expectedStatus) {
    var r = node.send(HttpMethod.POST, "/api/plugins/" + plugin + "/" + action, node.adminToken(), null);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(expectedStatus);
    return r.bodyAsJsonObject();
  }

  @Test
  void shouldKeepASourceOnStandbyUntilThisNodeLeadsAndStandItDownWhenLeadershipGoes() throws IOException {
    start(false);
    assertThat(states()).containsEntry("one", "standby").containsEntry("every", "running");
    assertThat(hello("ones")).as("not mounted here: forwarded to the (unreachable) leader").isEqualTo(503);

    lead(true);
    assertThat(states()).containsEntry("one", "running").containsEntry("every", "running");
    var local = node.get("/api/ones/hello", node.adminToken());
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(local.bodyAsString()).isEqualTo("one here");

    lead(false);
    assertThat(states()).containsEntry("one", "standby").containsEntry("every", "running");
    assertThat(hello("ones")).isEqualTo(503);
    assertThat(hello("everys")).isEqualTo(200);
  }

  @Test
  void shouldRunASinkOnEveryNodeWhateverTheLeadership() throws IOException {
    start(false);
    assertThat(states()).containsEntry("every", "running");
    assertThat(hello("everys")).isEqualTo(200);
    lead(true);
    lead(false);
    assertThat(states()).containsEntry("every", "running");
    assertThat(node.get("/api/everys/hello", node.adminToken()).bodyAsString()).isEqualTo("every here");
  }

  @Test
  void shouldRunEverySourceOnTheLeaderFromTheStart() throws IOException {
    start(true);
    assertThat(states()).containsEntry("one", "running").containsEntry("every", "running");
    assertThat(hello("ones")).isEqualTo(200);
  }

  @Test
  void shouldListStandbyPluginsAsSettledWithTheirCategories() throws IOException {
    start(false);
    var ready = node.get("/ready", null);
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(ready.bodyAsJsonObject().getJsonArray("plugins").stream().map(o -> ((JsonObject) o).getString("state")))
        .contains("standby");
    var categories = node.get("/api/categories", node.adminToken()).bodyAsJsonObject().getJsonArray("categories");
    assertThat(categories.stream().map(o -> ((JsonObject) o).getString("name"))).contains("ones", "everys");
    JsonObject one = node.get("/api/plugins", node.adminToken()).bodyAsJsonObject().getJsonArray("plugins").stream()
        .map(o -> (JsonObject) o).filter(p -> "one".equals(p.getString("name"))).findFirst().orElseThrow();
    assertThat(one.getString("state")).isEqualTo("standby");
    assertThat(one.getString("kind")).isEqualTo("source");
  }

  @Test
  void shouldKeepAPluginStoppedOnANonLeaderStoppedWhenLeadershipComes() throws IOException {
    start(false);
    assertThat(action("one", "stop", 200).getString("state")).isEqualTo("stopped");
    lead(true);
    assertThat(states()).containsEntry("one", "stopped");
    assertThat(hello("ones")).as("stopped here and this node leads: nobody serves it").isEqualTo(404);

    assertThat(action("one", "start", 200).getString("state")).isEqualTo("running");
    lead(false);
    assertThat(states()).containsEntry("one", "standby");
  }

  @Test
  void shouldPutAPluginStartedOrReloadedOnANonLeaderOnStandby() throws IOException {
    start(false);
    action("one", "stop", 200);
    assertThat(action("one", "start", 200).getString("state")).isEqualTo("standby");
    assertThat(action("one", "start", 409).getString("error")).isEqualTo("conflict");
    assertThat(action("one", "reload", 200).getString("state")).isEqualTo("standby");
    assertThat(node.plugins().loaderOf("one")).as("reloaded from its jar").isNotNull();

    lead(true);
    assertThat(states()).containsEntry("one", "running");
    assertThat(hello("ones")).isEqualTo(200);
  }

  @Test
  void shouldTryAFailedSourceAgainWhenThisNodeLeadsAgain() throws IOException {
    PluginJar.create()
        .source("test.bad.Bad", TestPluginSources.plugin("test.bad", "Bad", "bad", "bads",
            "return Future.failedFuture(\"boom\");", "\"never\""))
        .service(SOURCE, "test.bad.Bad")
        .build(dir.resolve("plugins/bad.jar"));
    start(true);
    assertThat(states()).containsEntry("bad", "failed");
    lead(false);
    assertThat(states()).containsEntry("bad", "standby");
    lead(true);
    assertThat(states()).containsEntry("bad", "failed");
  }

  @Test
  void shouldStopStandbyPluginsWithTheNodeAndNotStartThemAfterwards() throws IOException {
    start(false);
    TestHub.await(node.plugins().stopAll());
    lead(true);
    assertThat(node.plugins().plugins().stream().filter(p -> p.name().equals("one")).findFirst().orElseThrow().state())
        .isEqualTo(PluginState.STOPPED);
    assertThat(node.plugins().running()).isEmpty();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
