package dev.eventhub.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
  @TempDir Path dir;

  @Test
  void shouldExposeTheHubsAndVertxFiguresInPrometheusFormat() {
    try (TestHub hub = TestHub.start(dir)) {
      for (int i = 0; i < 3; i++) {
        hub.publish("orders", "placed", "o" + i, new JsonObject());
      }
      assertThat(hub.get("/api/events", "bad-token").statusCode()).isEqualTo(401);

      var response = hub.get("/metrics", null);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
      String text = response.bodyAsString();
      assertThat(text)
          .contains("hub_events_recorded_total{category=\"orders\"} 3.0")
          .contains("hub_append_latency_seconds_bucket")
          .contains("hub_auth_failures_total 1.0")
          .contains("hub_log_events 3.0")
          .contains("hub_log_category_events{category=\"orders\"} 3.0")
          .contains("hub_plugins{state=\"running\"}")
          .contains("vertx_http_server_requests_total")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldRequireAdminForMetricsWhenConfigured() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("metrics.requireAdmin", true))) {
      assertThat(hub.get("/metrics", null).statusCode()).isEqualTo(401);
      assertThat(hub.get("/metrics", hub.token("subscribe:*")).statusCode()).isEqualTo(403);
      assertThat(hub.get("/metrics", hub.token("admin")).statusCode()).isEqualTo(200);
    }
  }
}
