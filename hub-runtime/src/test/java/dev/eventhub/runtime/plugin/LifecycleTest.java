package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import dev.eventhub.runtime.Hub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LifecycleTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";

  @TempDir Path dir;

  @Test
  void shouldReportReadyOnlyOncePluginsHaveStarted() throws Exception {
    // The plugin's start completes when the test says so, on the event bus.
    String start = """
        Promise<Void> started = Promise.promise();
        return vertx.eventBus().consumer("test.release", m -> { started.tryComplete(); m.reply("ok"); })
            .completion()
            .compose(v -> { vertx.eventBus().send("test.starting", "waiting"); return started.future(); });""";
    PluginJar.create()
        .source("test.gate.Gate", TestPluginSources.plugin("test.gate", "Gate", "gate", "gates", start, "\"open\""))
        .service(SOURCE, "test.gate.Gate")
        .build(dir.resolve("plugins/gate.jar"));

    Vertx vertx = Vertx.vertx();
    try {
      // The plugin says when it is waiting (its release consumer registered): no guessing about timing.
      Promise<Void> waiting = Promise.promise();
      TestHub.await(vertx.eventBus().consumer("test.starting", m -> waiting.tryComplete()).completion());
      Hub created = Hub.create(vertx, TestHub.config(dir));
      Future<Hub> starting = created.boot();
      int port = TestHub.await(created.listening());
      TestHub.await(waiting.future());
      WebClient client = WebClient.create(vertx);
      var notReady = TestHub.await(client.get(port, "127.0.0.1", "/ready").send());
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.bodyAsJsonObject().getJsonArray("plugins").getJsonObject(0).getString("state"))
          .isEqualTo("starting");
      assertThat(TestHub.await(client.get(port, "127.0.0.1", "/health").send()).statusCode()).isEqualTo(200);

      TestHub.await(vertx.eventBus().request("test.release", "go"));
      Hub hub = TestHub.await(starting);
      var ready = TestHub.await(client.get(port, "127.0.0.1", "/ready").send());
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("status")).isEqualTo("ready");
      // Closed here, not left to the collector: Vert.x closes a client that has become garbage, and the
      // request it was sending with it.
      client.close();
      TestHub.await(hub.stop());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void shouldStopPluginsInReverseOrderFlushTheLogAndCloseTheServer() throws Exception {
    // Each plugin records an event as it stops: both must be in the log after the stop, in reverse start order.
    for (String name : new String[] {"first", "second"}) {
      String start = """
          return Future.succeededFuture();
            }
            @Override public Future<?> stop() {
              return ctx.publisher().publish(EventDraft.of("lifecycle", "stopped", "%s", null));""".formatted(name);
      PluginJar.create()
          .source("test." + name + ".P", TestPluginSources.plugin("test." + name, "P", name, "cat-" + name, start, "\"x\""))
          .service(SOURCE, "test." + name + ".P")
          .build(dir.resolve("plugins/" + name + ".jar"));
    }
    TestHub hub = TestHub.start(dir);
    int port = hub.port();
    hub.close();

    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
    try (TestHub again = TestHub.start(dir)) {
      var events = again.get("/api/events?categories=lifecycle", again.adminToken()).bodyAsJsonObject().getJsonArray("events");
      assertThat(events.stream().map(e -> ((JsonObject) e).getString("key"))).containsExactly("second", "first");
    }
  }
}
