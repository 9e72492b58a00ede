package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestPluginSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleRoutesTest {
  @TempDir static Path dir;
  static TestHub hub;

  // One hub for the class, with a plugin whose routes sit beside the console's.
  @BeforeAll
  static void start() {
    String mountBeside = "ctx.mount(\"/consoles\", RouteAccess.PUBLIC, req -> req.response().end(\"plugin\"));"
        + " return Future.succeededFuture();";
    PluginJar.create()
        .source("test.web.WebPlugin", TestPluginSources.plugin("test.web", "WebPlugin", "web", "web", mountBeside,
            "\"hello from the plugin\""))
        .service("dev.eventhub.api.spi.SourcePlugin", "test.web.WebPlugin")
        .build(dir.resolve("plugins/web.jar"));
    hub = TestHub.start(dir);
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @Test
  void shouldServeTheConsoleAtTheRootWithoutAToken() {
    HttpResponse<Buffer> page = hub.get("/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.bodyAsString()).contains("<title>Event hub</title>").contains("console/app.js");
    assertThat(page.getHeader("Content-Security-Policy")).contains("frame-ancestors 'none'");
    assertThat(hub.get("/index.html", null).bodyAsString()).isEqualTo(page.bodyAsString());
  }

  @Test
  void shouldServeTheConsoleScriptsAsJavaScriptModules() {
    HttpResponse<Buffer> script = hub.get("/console/app.js", null);

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.getHeader("Content-Type")).contains("javascript");
    assertThat(script.bodyAsString()).contains("import ");
    assertThat(hub.get("/console/console.css", null).getHeader("Content-Type")).startsWith("text/css");
  }

  @Test
  void shouldAnswerAMissingConsoleFileWithTheProtocolsNotFound() {
    HttpResponse<Buffer> missing = hub.get("/console/nothing-here.js", null);

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
    assertThat(hub.get("/console/../conf/hub.json", null).statusCode()).isEqualTo(404);
  }

  @Test
  void shouldKeepTheApiBehindItsTokenBesideTheConsole() {
    assertThat(hub.get("/api/events", null).statusCode()).isEqualTo(401);
    assertThat(hub.get("/api/categories", hub.adminToken()).statusCode()).isEqualTo(200);
    assertThat(hub.get("/health", null).bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up"));
    assertThat(hub.get("/ready", null).statusCode()).isEqualTo(200);
    assertThat(hub.get("/metrics", null).bodyAsString()).contains("hub_plugins");
  }

  @Test
  void shouldLeavePluginRoutesMountedAfterTheConsoleReachable() {
    HttpResponse<Buffer> hello = hub.get("/api/web/hello", hub.token("subscribe:web"));
    assertThat(hello.statusCode()).isEqualTo(200);
    assertThat(hello.bodyAsString()).isEqualTo("hello from the plugin");
    assertThat(hub.get("/api/web/hello", null).statusCode()).isEqualTo(401);
    assertThat(hub.get("/consoles", null).bodyAsString()).isEqualTo("plugin");
  }

  @Test
  void shouldReserveTheConsolePathsFromPlugins() {
    PluginRoutes routes = new PluginRoutes(io.vertx.ext.web.Router.router(hub.vertx()), hub.hub().tokens());

    assertThatThrownBy(() -> routes.mount("p", "/console", RouteAccess.PUBLIC, r -> r.response().end()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hub's own path");
    assertThatThrownBy(() -> routes.mount("p", "/index.html", RouteAccess.PUBLIC, r -> r.response().end()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldServeTheJavaScriptClientToAnyPageWithoutAToken() {
    HttpResponse<Buffer> client = hub.get("/client/hub-client.js", null);

    assertThat(client.statusCode()).isEqualTo(200);
    assertThat(client.getHeader("Content-Type")).contains("javascript");
    assertThat(client.getHeader("Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(client.bodyAsString()).contains("export class HubClient");
    assertThat(hub.get("/client/hub-client.d.ts", null).bodyAsString()).contains("export class HubClient");
    assertThat(hub.get("/client/nothing.js", null).statusCode()).isEqualTo(404);
    PluginRoutes routes = new PluginRoutes(io.vertx.ext.web.Router.router(hub.vertx()), hub.hub().tokens());
    assertThatThrownBy(() -> routes.mount("p", "/client", RouteAccess.PUBLIC, r -> r.response().end()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hub's own path");
  }
}
