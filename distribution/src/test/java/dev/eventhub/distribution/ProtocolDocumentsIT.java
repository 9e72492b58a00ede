package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.OpenApiCheck;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: the built hub, with every bundled plugin, serves an OpenAPI document that is valid OpenAPI
 * 3.1 and shows every route family its plugins mount, and an AsyncAPI document with the WebSocket channel;
 * no plugin's part clashes with another's.
 */
class ProtocolDocumentsIT {
  @TempDir Path dir;

  @Test
  void shouldDocumentEveryBundledPluginsRoutes() throws Exception {
    Path home = HubProcess.install(dir);
    Vertx vertx = Vertx.vertx();
    try (HubProcess hub = HubProcess.start(home, Map.of())) {
      hub.awaitReady();
      String token = HubProcess.run(home, "token", "--scope", "admin").trim();
      JsonObject openApi = new JsonObject(hub.request("GET", "/api/openapi.json", token, null).body());
      OpenApiCheck.contract(vertx, openApi).await(60, TimeUnit.SECONDS);
      JsonObject plugins = new JsonObject(hub.request("GET", "/api/plugins", token, null).body());
      assertThat(plugins.getJsonArray("plugins")).hasSizeGreaterThanOrEqualTo(6);
      assertThat(OpenApiCheck.undocumentedMounts(openApi, plugins.getJsonArray("plugins"))).isEmpty();
      assertThat(openApi.getJsonObject("paths").fieldNames()).contains("/api/events", "/ws", "/hooks/{endpoint}",
          "/api/checkpoint/sessions", "/api/workflow/jobs", "/api/scheduler/schedules", "/api/dlq/entries", "/sse", "/mcp");

      AsyncApiCheck asyncApi = AsyncApiCheck.of(new JsonObject(hub.request("GET", "/api/asyncapi.json", token, null).body()));
      assertThat(asyncApi.document().getJsonObject("channels").fieldNames()).contains("websocket");
      assertThat(hub.output()).doesNotContain("is left out");
      assertThat(hub.terminate()).isEqualTo(0);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
