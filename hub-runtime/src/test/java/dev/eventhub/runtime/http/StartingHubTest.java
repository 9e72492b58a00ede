package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: while the hub starts (its plugins not yet started) every route answers 503 with {@code
 * Retry-After}, the WebSocket path and plugins' paths included, never a 404 a client would take for
 * good; {@code /health}, {@code /ready} and {@code /metrics} answer as ever.
 */
class StartingHubTest {
  @TempDir Path dir;

  @Test
  void shouldAnswer503WithRetryAfterUntilThePluginsHaveStarted() throws Exception {
    // The plugin's start completes when the test says so, on the event bus.
    String start = """
        Promise<Void> started = Promise.promise();
        return vertx.eventBus().consumer("test.release", m -> { started.tryComplete(); m.reply("ok"); })
            .completion()
            .compose(v -> { vertx.eventBus().send("test.starting", "waiting"); return started.future(); });""";
    PluginJar.create()
        .source("test.gate.Gate", TestPluginSources.plugin("test.gate", "Gate", "gate", "gates", start, "\"open\""))
        .service("dev.eventhub.api.spi.SourcePlugin", "test.gate.Gate")
        .build(dir.resolve("plugins/gate.jar"));
    Vertx vertx = Vertx.vertx();
    try {
      Promise<Void> waiting = Promise.promise();
      TestHub.await(vertx.eventBus().consumer("test.starting", m -> waiting.tryComplete()).completion());
      Hub created = Hub.create(vertx, TestHub.config(dir));
      Future<Hub> starting = created.boot();
      int port = TestHub.await(created.listening());
      TestHub.await(waiting.future());
      WebClient client = WebClient.create(vertx);
      String token = TestHub.await(Future.succeededFuture(created.tokens()))
          .issue("t", java.util.Set.of("admin", "publish:*", "subscribe:*"), java.time.Duration.ofHours(1));
      for (String path : new String[] {"/ws", "/api/events", "/api/categories", "/api/gates/hello", "/",
          "/api/openapi.json", "/no/such/path"}) {
        assertStarting(TestHub.await(client.get(port, "127.0.0.1", path).bearerTokenAuthentication(token).send()), path);
      }
      assertStarting(TestHub.await(client.request(HttpMethod.GET, port, "127.0.0.1", "/ws")
          .putHeader("Upgrade", "websocket").putHeader("Connection", "Upgrade")
          .putHeader("Sec-WebSocket-Version", "13").putHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
          .send()), "/ws upgrade");
      assertStarting(TestHub.await(client.post(port, "127.0.0.1", "/api/events").bearerTokenAuthentication(token)
          .putHeader("Content-Type", "application/json")
          .sendBuffer(Buffer.buffer("{\"category\":\"gates\",\"event\":\"e\"}"))), "POST /api/events");
      assertThat(TestHub.await(client.get(port, "127.0.0.1", "/health").send()).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> ready = TestHub.await(client.get(port, "127.0.0.1", "/ready").send());
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.getHeader("Retry-After")).isEqualTo("1");

      TestHub.await(vertx.eventBus().request("test.release", "go"));
      Hub hub = TestHub.await(starting);
      assertThat(TestHub.await(client.get(port, "127.0.0.1", "/api/gates/hello").bearerTokenAuthentication(token)
          .send()).bodyAsString()).isEqualTo("open");
      assertThat(TestHub.await(client.get(port, "127.0.0.1", "/ws").send()).statusCode()).isEqualTo(404);
      client.close();
      TestHub.await(hub.stop());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static void assertStarting(HttpResponse<Buffer> r, String what) {
    assertThat(r.statusCode()).as(what + ": " + r.bodyAsString()).isEqualTo(503);
    assertThat(r.getHeader("Retry-After")).as(what).isEqualTo("1");
    assertThat(r.bodyAsJsonObject().getString("error")).as(what).isEqualTo("unavailable");
    assertThat(r.bodyAsJsonObject().getString("message")).as(what).contains("starting");
  }
}
