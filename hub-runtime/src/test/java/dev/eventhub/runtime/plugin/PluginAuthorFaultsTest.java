package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.config.ConfigLoader;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's faults a plugin author met (issue 25): what a plugin's route handler throws, a duplicate
 * left failed after its rival left, a reload that kept the old settings, a wrong-typed setting that
 * named nothing.
 */
class PluginAuthorFaultsTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";

  @TempDir Path dir;
  @TempDir Path build;

  @Test
  void shouldAnswerWhatAPluginsRouteHandlerThrowsWithTheErrorBodyAndCountItAgainstThePlugin() {
    String plugin = """
        package test.boom;

        import dev.eventhub.api.spi.*;
        import io.vertx.core.*;
        import io.vertx.ext.web.Router;
        import java.util.List;

        public class Boom implements SourcePlugin {
          public String name() { return "boom"; }
          public List<CategoryDescriptor> categories() {
            return List.of(CategoryDescriptor.of("boom", "boom", EventTypeDescriptor.of("x", "x")));
          }
          public Deployable createVerticle(PluginContext ctx) {
            return new VerticleBase() {
              @Override public Future<?> start() {
                Router router = Router.router(vertx);
                router.get("/api/boom/router").handler(rc -> { throw new IllegalStateException("router handler blew up"); });
                router.get("/api/boom/fine").handler(rc -> rc.end("fine"));
                ctx.mount("/api/boom", RouteAccess.CATEGORY_SCOPES, router);
                ctx.mount("/api/boom-plain", RouteAccess.PUBLIC, req -> { throw new IllegalStateException("plain handler blew up"); });
                return Future.succeededFuture();
              }
            };
          }
        }
        """;
    PluginJar.create().source("test.boom.Boom", plugin).service(SOURCE, "test.boom.Boom")
        .build(dir.resolve("plugins/boom.jar"));
    try (TestHub hub = TestHub.start(dir)) {
      String token = hub.adminToken();
      for (String path : List.of("/api/boom/router", "/api/boom-plain/x")) {
        HttpResponse<Buffer> answer = hub.get(path, token);
        assertThat(answer.statusCode()).as(path).isEqualTo(500);
        assertThat(answer.getHeader("Content-Type")).as(path).startsWith("application/json");
        assertThat(answer.bodyAsJsonObject().getString("error")).as(path).isEqualTo("internal");
        assertThat(answer.bodyAsString()).as("no details for the client").doesNotContain("blew up");
      }
      JsonObject boom = PluginDiscoveryTest.plugin(hub, "boom");
      assertThat(boom.getLong("errors")).isEqualTo(2);
      assertThat(boom.getString("state")).isEqualTo("running");
      assertThat(hub.get("/metrics", token).bodyAsString()).contains("hub_plugin_errors_total{plugin=\"boom\"} 2.0");
      assertThat(hub.get("/api/boom/fine", token).bodyAsString()).isEqualTo("fine");
    }
  }

  @Test
  void shouldStartAPluginRefusedAsADuplicateOnceTheJarHoldingThatNameLeaves() throws Exception {
    Files.createDirectories(dir.resolve("plugins"));
    Files.copy(jar("twin", "1.0", "\"one\""), dir.resolve("plugins/twin-a.jar"));
    Files.copy(jar("twin", "2.0", "\"two\""), dir.resolve("plugins/twin-b.jar"));
    try (TestHub hub = TestHub.start(dir, c -> c.with("loader.watchInterval", 0))) {
      List<JsonObject> twins = twins(hub);
      assertThat(twins).extracting(t -> t.getString("state")).containsExactlyInAnyOrder("running", "failed");
      JsonObject running = twins.stream().filter(t -> t.getString("state").equals("running")).findFirst().orElseThrow();
      JsonObject refused = twins.stream().filter(t -> t.getString("state").equals("failed")).findFirst().orElseThrow();
      assertThat(refused.getString("error")).contains("already loaded from");

      Files.delete(Path.of(running.getString("location")));
      TestHub.await(hub.hub().plugins().rescan());

      assertThat(twins(hub)).singleElement().satisfies(t -> {
        assertThat(t.getString("state")).isEqualTo("running");
        assertThat(t.getString("location")).isEqualTo(refused.getString("location"));
        assertThat(t.getString("error")).isNull();
      });
      String expected = refused.getString("version").equals("1.0") ? "one" : "two";
      assertThat(hub.get("/api/twin/hello", hub.adminToken()).bodyAsString()).isEqualTo(expected);
    }
  }

  @Test
  void shouldReReadThePluginsSectionOfTheSettingsFileOnReload() throws Exception {
    Files.createDirectories(dir.resolve("plugins"));
    Files.createDirectories(dir.resolve("conf"));
    Path file = dir.resolve("conf/hub.json");
    Files.writeString(file, "{\"plugins\":{\"greeter\":{\"greeting\":\"hello\"}}}");
    Files.copy(jar("greeter", "1.0", "ctx.config().getString(\"greeting\")"), dir.resolve("plugins/greeter.jar"));
    HubConfig fromFile = ConfigLoader.load(file, Map.of(), dir);
    HubConfig config = fromFile.with("http.host", "127.0.0.1").with("http.port", 0)
        .with("data.dir", dir.resolve("data").toString()).with("loader.dir", dir.resolve("plugins").toString())
        .with("auth.jwt.secret", TestHub.SECRET).with("loader.watchInterval", 0);
    try (TestHub hub = TestHub.start(config)) {
      String admin = hub.adminToken();
      assertThat(hub.get("/api/greeter/hello", admin).bodyAsString()).isEqualTo("hello");

      Files.writeString(file, "{\"plugins\":{\"greeter\":{\"greeting\":\"bonjour\"}}}");
      JsonObject reloaded = hub.post("/api/plugins/greeter/reload", admin, null).bodyAsJsonObject();
      assertThat(reloaded.getString("state")).isEqualTo("running");
      assertThat(hub.get("/api/greeter/hello", admin).bodyAsString()).isEqualTo("bonjour");

      // A file that no longer parses: the reload is refused, naming the problem, and nothing changes.
      Files.writeString(file, "{\"plugins\":{\"greeter\":");
      HttpResponse<Buffer> refused = hub.post("/api/plugins/greeter/reload", admin, null);
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.bodyAsJsonObject().getString("message")).contains("hub.json");
      assertThat(PluginDiscoveryTest.plugin(hub, "greeter").getString("state")).isEqualTo("running");
      assertThat(hub.get("/api/greeter/hello", admin).bodyAsString()).isEqualTo("bonjour");
    }
  }

  @Test
  void shouldNameThePluginsSectionWhenASettingOfTheWrongTypeBreaksValidation() {
    String source = TestPluginSources.simple("test.typed", "Typed", "typed", "typed", "\"hi\"")
        .replace("public List<CategoryDescriptor> categories() {",
            "public void validate(JsonObject c) { if (c.getLong(\"intervalMs\", 5000L) < 100) throw new "
                + "IllegalArgumentException(\"too short\"); }\n  public List<CategoryDescriptor> categories() {");
    PluginJar.create().source("test.typed.Typed", source).service(SOURCE, "test.typed.Typed")
        .build(dir.resolve("plugins/typed.jar"));
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.typed.intervalMs", "2s"))) {
      JsonObject typed = PluginDiscoveryTest.plugin(hub, "typed");
      assertThat(typed.getString("state")).isEqualTo("failed");
      assertThat(typed.getString("error")).contains("plugins.typed").contains("wrong type");
    }
  }

  private Path jar(String name, String version, String helloExpression) {
    String pkg = "test." + name + ".v" + version.replace(".", "_");
    return PluginJar.create()
        .source(pkg + ".P", TestPluginSources.plugin(pkg, "P", name, name, "return Future.succeededFuture();",
            helloExpression).replace("public List<CategoryDescriptor>", "public String version() { return \""
            + version + "\"; }\n  public List<CategoryDescriptor>"))
        .service(SOURCE, pkg + ".P")
        .version(version)
        .build(build.resolve(name + "-" + version + ".jar"));
  }

  private static List<JsonObject> twins(TestHub hub) {
    return hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins").stream()
        .map(JsonObject.class::cast).filter(p -> "twin".equals(p.getString("name"))).toList();
  }
}
