package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the built distribution the way the README tells a newcomer to. */
class DistributionIT {
  @TempDir Path dir;

  @Test
  void shouldStartFromTheZipTreePublishAndStopGracefullyOnSigterm() throws Exception {
    Path home = HubProcess.install(dir);
    assertThat(home.resolve("conf/hub.json")).exists();
    assertThat(Files.isExecutable(home.resolve("bin/hub"))).isTrue();

    try (HubProcess hub = HubProcess.start(home, Map.of())) {
      hub.awaitReady();
      assertThat(hub.output()).contains("generated one into");
      assertThat(home.resolve("data/token-secret")).exists();
      assertThat(hub.request("GET", "/ready", null, null).statusCode()).isEqualTo(200);

      String token = HubProcess.run(home, "token", "--scope", "subscribe:* publish:* admin");
      HttpResponse<String> published = hub.request("POST", "/api/events", token,
          "{\"category\":\"demo\",\"event\":\"hello\",\"key\":\"k1\",\"data\":{\"n\":1}}");
      assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
      HttpResponse<String> history = hub.request("GET", "/api/events?categories=demo", token, null);
      assertThat(history.body()).contains("\"event\":\"hello\"");
      assertThat(hub.request("GET", "/api/events", null, null).statusCode()).isEqualTo(401);

      HttpResponse<String> plugins = hub.request("GET", "/api/plugins", token, null);
      assertThat(plugins.statusCode()).isEqualTo(200);
      assertThat(plugins.body()).contains("plugins/websocket");
      // issue 21: the MCP sink ships and serves /mcp, refusing a request without a token.
      assertThat(plugins.body()).contains("plugins/mcp");
      HttpResponse<String> mcp = hub.request("POST", "/mcp", null, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
      assertThat(mcp.statusCode()).isEqualTo(401);
      assertThat(mcp.headers().firstValue("WWW-Authenticate")).isPresent();

      HttpResponse<String> metrics = hub.request("GET", "/metrics", null, null);
      assertThat(metrics.body()).contains("hub_events_recorded_total{category=\"demo\"} 1.0")
          .contains("hub_websocket_connections_open").contains("hub_dlq_parked 0.0").contains("hub_mcp_sessions_open")
          // Plugins' figures by the conventions too: what only grows is a counter (_total).
          .contains("# TYPE hub_websocket_frames_sent_total counter")
          .contains("# TYPE hub_websocket_connections_open gauge")
          .contains("hub_plugin_errors_total{plugin=\"websocket\"} 0.0")
          .contains("vertx_eventbus").contains("vertx_http_server");

      assertThat(hub.terminate()).as(hub.output()).isEqualTo(0);
      assertThat(hub.output()).contains("hub stopped");
    }
  }

  @Test
  void shouldLetEnvironmentOverridesBeatTheFile() throws Exception {
    Path home = HubProcess.install(dir);
    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_DATA_DIR", dir.resolve("elsewhere").toString()))) {
      hub.awaitReady();
      assertThat(dir.resolve("elsewhere/events.db")).exists();
      assertThat(home.resolve("data")).doesNotExist();
      assertThat(hub.terminate()).isEqualTo(0);
    }
  }

  @Test
  void shouldRefuseToStartWithABadSettingAndNameIt() throws Exception {
    Path home = HubProcess.install(dir);
    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_HTTP_PORT", "eighty"))) {
      assertThat(hub.terminateOrExit()).isNotEqualTo(0);
      assertThat(hub.output()).contains("HUB_HTTP_PORT");
    }
  }
}
