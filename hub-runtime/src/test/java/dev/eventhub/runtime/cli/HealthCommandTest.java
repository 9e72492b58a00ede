package dev.eventhub.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 23 item 5: {@code hub health}, the container image's health check: GET /ready, exit 0 or 1. */
class HealthCommandTest {
  @TempDir Path dir;

  @Test
  void shouldExitZeroWhenTheHubIsReady() {
    try (TestHub hub = TestHub.start(dir.resolve("hub"))) {
      Cli.Result result = Cli.run("health", "--url", "http://localhost:" + hub.port());
      assertThat(result.code()).as(result.err()).isEqualTo(HubCommand.OK);
      assertThat(result.out()).contains("ready");
    }
  }

  @Test
  void shouldAskTheConfiguredPortByDefault() throws Exception {
    try (TestHub hub = TestHub.start(dir.resolve("hub"))) {
      Path conf = dir.resolve("hub.json");
      Files.writeString(conf, new JsonObject().put("http", new JsonObject().put("port", hub.port())).encode());
      Cli.Result result = Cli.run("health", "--config", conf.toString());
      assertThat(result.code()).as(result.err()).isEqualTo(HubCommand.OK);
    }
  }

  @Test
  void shouldExitOneNamingTheUrlWhenNothingAnswers() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Cli.run("health", "--url", "http://127.0.0.1:" + port)
        .failedWith(HubCommand.FAILED, "http://127.0.0.1:" + port + "/ready");
  }

  @Test
  void shouldExitOneWithTheStatusWhenTheHubIsNotReady() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/ready", exchange -> {
      byte[] body = "{\"status\":\"starting\",\"plugins\":[]}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(503, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      Cli.run("health", "--url", "http://127.0.0.1:" + server.getAddress().getPort())
          .failedWith(HubCommand.FAILED, "503");
      assertThat(Cli.run("health", "--url", "http://127.0.0.1:" + server.getAddress().getPort()).err())
          .contains("starting");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldRefuseAUrlThatIsNotHttpAsAUsageError() {
    Cli.run("health", "--url", "file:///etc/passwd").failedWith(HubCommand.USAGE, "--url");
  }

  @Test
  void shouldPrintItsHelp() {
    Cli.Result result = Cli.run("health", "--help");
    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("Usage: hub health").contains("--url").contains("/ready");
  }
}
