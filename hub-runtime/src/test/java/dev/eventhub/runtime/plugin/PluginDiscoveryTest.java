package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginDiscoveryTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";

  @TempDir Path dir;

  @Test
  void shouldStartPluginFromJarDroppedIntoPluginsFolder() {
    PluginJar.create()
        .source("test.good.GoodPlugin", TestPluginSources.simple("test.good", "GoodPlugin", "good", "goods", "\"hi\""))
        .service(SOURCE, "test.good.GoodPlugin")
        .version("1.2.3")
        .build(dir.resolve("plugins/good.jar"));

    try (TestHub hub = TestHub.start(dir)) {
      JsonObject good = plugin(hub, "good");
      assertThat(good.getString("state")).isEqualTo("running");
      assertThat(good.getString("version")).isEqualTo("1.2.3");
      assertThat(good.getString("kind")).isEqualTo("source");
      assertThat(good.getString("location")).endsWith("good.jar");
      assertThat(hub.get("/api/goods/hello", hub.token("subscribe:goods")).bodyAsString()).isEqualTo("hi");

      JsonArray categories = hub.get("/api/categories", hub.token()).bodyAsJsonObject().getJsonArray("categories");
      assertThat(categories.getJsonObject(0).getString("name")).isEqualTo("goods");
      assertThat(categories.getJsonObject(0).getString("plugin")).isEqualTo("good");
      assertThat(categories.getJsonObject(0).getJsonArray("events").getJsonObject(0).getString("name"))
          .isEqualTo("thing-happened");
    }
  }

  @Test
  void shouldGiveEachPluginItsOwnVersionOfASharedLibraryClass() {
    // Both plugins bundle a class test.lib.Shared, in two versions.
    for (String v : new String[] {"1", "2"}) {
      PluginJar.create()
          .source("test.lib.Shared", "package test.lib; public class Shared { public static String v() { return \"v" + v + "\"; } }")
          .source("test.p" + v + ".P", TestPluginSources.simple("test.p" + v, "P", "p" + v, "cat" + v, "test.lib.Shared.v()"))
          .service(SOURCE, "test.p" + v + ".P")
          .build(dir.resolve("plugins/p" + v + ".jar"));
    }

    try (TestHub hub = TestHub.start(dir)) {
      String token = hub.token("subscribe:*");
      assertThat(hub.get("/api/cat1/hello", token).bodyAsString()).isEqualTo("v1");
      assertThat(hub.get("/api/cat2/hello", token).bodyAsString()).isEqualTo("v2");
    }
  }

  @Test
  void shouldRunTwoPluginsOnTwoVersionsOfALibraryFromMavenCentralAtOnce() throws IOException {
    // Each plugin is a folder: its own jar beside its own commons-lang3 (copied by the build from Maven Central).
    for (String version : new String[] {"3.12.0", "3.17.0"}) {
      Path lib = Path.of("target/test-libs/commons-lang3-" + version + ".jar");
      String pkg = "test.lang" + version.replace(".", "_");
      String hello = "org.apache.commons.lang3.StringUtils.class.getPackage().getImplementationVersion()"
          + " + \":\" + org.apache.commons.lang3.StringUtils.capitalize(\"ok\")";
      Path folder = Files.createDirectories(dir.resolve("plugins/lang-" + version));
      PluginJar.create()
          .source(pkg + ".P", TestPluginSources.simple(pkg, "P", "lang" + version.replace(".", ""),
              "lang" + version.replace(".", ""), hello))
          .service(SOURCE, pkg + ".P")
          .classpath(lib)
          .build(folder.resolve("plugin.jar"));
      Files.copy(lib, folder.resolve(lib.getFileName()));
    }
    try (TestHub hub = TestHub.start(dir)) {
      String token = hub.token("subscribe:*");
      assertThat(hub.get("/api/lang3120/hello", token).bodyAsString()).isEqualTo("3.12.0:Ok");
      assertThat(hub.get("/api/lang3170/hello", token).bodyAsString()).isEqualTo("3.17.0:Ok");
    }
  }

  @Test
  void shouldReportBrokenJarsAndFailingPluginsWhileOthersRun() throws IOException {
    PluginJar.create()
        .source("test.good.GoodPlugin", TestPluginSources.simple("test.good", "GoodPlugin", "good", "goods", "\"hi\""))
        .service(SOURCE, "test.good.GoodPlugin")
        .build(dir.resolve("plugins/good.jar"));
    Files.write(dir.resolve("plugins/corrupt.jar"), "this is not a zip file".getBytes());
    PluginJar.create().resource("readme.txt", "no plugin here").build(dir.resolve("plugins/empty.jar"));
    PluginJar.create()
        .source("test.bad.Throws", TestPluginSources.plugin("test.bad", "Throws", "thrower", "bads",
            "throw new IllegalStateException(\"boom on start\");", "\"never\""))
        .service(SOURCE, "test.bad.Throws")
        .build(dir.resolve("plugins/thrower.jar"));
    PluginJar.create()
        .source("test.slow.Slow", TestPluginSources.plugin("test.slow", "Slow", "slow", "slows",
            "return Promise.promise().future();", "\"never\""))
        .service(SOURCE, "test.slow.Slow")
        .build(dir.resolve("plugins/slow.jar"));
    PluginJar.create()
        .service(SOURCE, "test.missing.Missing")
        .build(dir.resolve("plugins/missing-class.jar"));

    // Long enough that the plugins that do start are never cut off by a busy machine; only "slow" waits it out.
    try (TestHub hub = TestHub.start(dir, c -> c.with("loader.startTimeout", "10s"))) {
      Map<String, JsonObject> byName = plugins(hub);
      assertThat(byName.get("good").getString("state")).isEqualTo("running");
      assertThat(byName.get("corrupt.jar").getString("state")).isEqualTo("failed");
      assertThat(byName.get("corrupt.jar").getString("error")).contains("not a readable jar");
      assertThat(byName.get("empty.jar").getString("error")).contains("no plugin found");
      assertThat(byName.get("thrower").getString("state")).isEqualTo("failed");
      assertThat(byName.get("thrower").getString("error")).contains("boom on start");
      assertThat(byName.get("slow").getString("error")).contains("did not start within 10s");
      assertThat(byName.get("missing-class.jar").getString("error")).contains("test.missing.Missing");
      // The failed plugins' routes are gone; the good one still answers.
      assertThat(hub.get("/api/bads/hello", hub.adminToken()).statusCode()).isEqualTo(404);
      assertThat(hub.get("/api/goods/hello", hub.adminToken()).bodyAsString()).isEqualTo("hi");
      assertThat(hub.get("/ready", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldNotLetAPluginSeeAnotherPluginsClassesOrTheHubsInternals() {
    PluginJar.create()
        .source("test.a.A", TestPluginSources.simple("test.a", "A", "a", "cat-a", "\"a\""))
        .service(SOURCE, "test.a.A")
        .build(dir.resolve("plugins/a.jar"));
    String probe = "probe(\"test.a.A\") + \",\" + probe(\"dev.eventhub.runtime.Hub\") + \",\" + probe(\"io.vertx.core.Vertx\")";
    String source = TestPluginSources.simple("test.b", "B", "b", "cat-b", probe).replace(
        "public class B implements SourcePlugin {",
        """
        public class B implements SourcePlugin {
          static String probe(String name) {
            try { Class.forName(name, false, B.class.getClassLoader()); return "seen"; }
            catch (ClassNotFoundException e) { return "hidden"; }
          }
        """);
    PluginJar.create().source("test.b.B", source).service(SOURCE, "test.b.B").build(dir.resolve("plugins/b.jar"));

    try (TestHub hub = TestHub.start(dir)) {
      assertThat(hub.get("/api/cat-b/hello", hub.adminToken()).bodyAsString()).isEqualTo("hidden,hidden,seen");
    }
  }

  @Test
  void shouldListDisabledPluginAsStoppedAndNotStartIt() {
    PluginJar.create()
        .source("test.good.GoodPlugin", TestPluginSources.simple("test.good", "GoodPlugin", "good", "goods", "\"hi\""))
        .service(SOURCE, "test.good.GoodPlugin")
        .build(dir.resolve("plugins/good.jar"));
    try (TestHub hub = TestHub.start(dir, c -> c.with("loader.disabled", new JsonArray().add("good")))) {
      assertThat(plugin(hub, "good").getString("state")).isEqualTo("stopped");
      assertThat(hub.get("/api/goods/hello", hub.adminToken()).statusCode()).isEqualTo(404);
    }
  }

  static JsonObject plugin(TestHub hub, String name) {
    return plugins(hub).get(name);
  }

  static Map<String, JsonObject> plugins(TestHub hub) {
    JsonArray list = hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins");
    return list.stream().map(JsonObject.class::cast).collect(Collectors.toMap(p -> p.getString("name"), p -> p));
  }
}
