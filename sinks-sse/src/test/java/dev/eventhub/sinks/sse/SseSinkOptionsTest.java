package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SseSinkOptionsTest {
  @Test
  void shouldMatchTheDefaultsTheHubShips() throws IOException {
    JsonObject shipped;
    try (InputStream in = getClass().getResourceAsStream("/dev/eventhub/runtime/config/hub-defaults.json")) {
      shipped = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getJsonObject("plugins")
          .getJsonObject("sse");
    }
    assertThat(new SseSinkOptions(shipped)).isEqualTo(new SseSinkOptions());
    assertThat(new SseSinkOptions(new JsonObject())).isEqualTo(new SseSinkOptions());
  }

  @Test
  void shouldNameAWrongSetting() {
    assertThatThrownBy(() -> new SseSinkOptions(new JsonObject().put("heartbeat", "10ms")))
        .hasMessageContaining("plugins.sse.heartbeat");
    assertThatThrownBy(() -> new SseSinkOptions(new JsonObject().put("maxQueuedBytes", 10)))
        .hasMessageContaining("plugins.sse.maxQueuedBytes");
    assertThatThrownBy(() -> new SseSinkOptions(new JsonObject().put("path", "sse/")))
        .hasMessageContaining("plugins.sse.path");
    assertThat(new SseSinkOptions(new JsonObject().put("heartbeat", "2s")).heartbeat()).isEqualTo(Duration.ofSeconds(2));
  }
}
