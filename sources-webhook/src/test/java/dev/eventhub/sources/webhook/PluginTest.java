package dev.eventhub.sources.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginTest {
  @TempDir Path dir;

  @Test
  void shouldDeclareBothCategoriesWithEveryEventType() {
    try (TestHub hub = TestHub.start(dir)) {
      JsonArray categories = hub.get("/api/categories", hub.token()).bodyAsJsonObject().getJsonArray("categories");
      JsonObject webhook = category(categories, "webhook");
      JsonObject recovery = category(categories, "error-recovery");
      assertThat(webhook.getString("plugin")).isEqualTo("webhook");
      assertThat(names(webhook)).containsExactly("webhook-received", "webhook-registered", "webhook-updated",
          "webhook-unregistered",
          "webhook-delivered", "webhook-failed");
      assertThat(names(recovery)).containsExactly("retry-started", "retry-completed",
          "circuit-breaker-state-changed", "error-resolved");
    }
  }

  @Test
  void shouldFailThePluginNotTheHubOnABadSetting() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("plugins.webhook.delivery.attempts", 0))) {
      JsonArray plugins = hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins");
      JsonObject webhook = plugins.stream().map(o -> (JsonObject) o).filter(p -> p.getString("name").equals("webhook"))
          .findFirst().orElseThrow();
      assertThat(webhook.getString("state")).isEqualTo("failed");
      assertThat(webhook.getString("error")).contains("plugins.webhook.delivery.attempts");
      assertThat(hub.get("/health", null).statusCode()).isEqualTo(200);
    }
  }

  private static JsonObject category(JsonArray categories, String name) {
    return categories.stream().map(o -> (JsonObject) o).filter(c -> c.getString("name").equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no category " + name + " in " + categories));
  }

  private static java.util.List<String> names(JsonObject category) {
    return category.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }
}
