package dev.eventhub.sources.webhook.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {
  @Test
  void shouldApplyTheSameDefaultsAsTheHubsDefaultConfiguration() throws Exception {
    JsonObject shipped;
    try (InputStream in = getClass().getResourceAsStream("/dev/eventhub/runtime/config/hub-defaults.json")) {
      shipped = new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .getJsonObject("plugins").getJsonObject("webhook");
    }
    assertThat(WebhookSettings.from(shipped)).isEqualTo(WebhookSettings.from(new JsonObject()));
    WebhookSettings defaults = WebhookSettings.from(new JsonObject());
    assertThat(defaults.attempts()).isEqualTo(5);
    assertThat(defaults.tolerance()).isEqualTo(Duration.ofMinutes(5));
    assertThat(defaults.maxBodySize()).isEqualTo(1 << 20);
    assertThat(defaults.dlqAddress()).isEqualTo("dlq.park");
  }

  @Test
  void shouldBackOffExponentiallyUpToTheMaximumWithJitterTakenOff() {
    WebhookSettings s = WebhookSettings.from(new JsonObject().put("delivery", new JsonObject()
        .put("initialBackoff", "500ms").put("maxBackoff", "30s").put("jitter", 0.5)));
    assertThat(s.backoffMillis(1, 0)).isEqualTo(500);
    assertThat(s.backoffMillis(2, 0)).isEqualTo(1000);
    assertThat(s.backoffMillis(4, 0)).isEqualTo(4000);
    assertThat(s.backoffMillis(10, 0)).isEqualTo(30_000);
    assertThat(s.backoffMillis(99, 0)).isEqualTo(30_000);
    assertThat(s.backoffMillis(2, 0.999)).isBetween(500L, 501L);
  }

  @Test
  void shouldNameTheSettingThatIsWrong() {
    assertThatThrownBy(() -> WebhookSettings.from(new JsonObject().put("delivery", new JsonObject().put("attempts", 0))))
        .hasMessageContaining("plugins.webhook.delivery.attempts");
    assertThatThrownBy(() -> WebhookSettings.from(new JsonObject().put("inbound", new JsonObject()
        .put("tolerance", "soon")))).hasMessageContaining("plugins.webhook.inbound.tolerance");
    assertThatThrownBy(() -> WebhookSettings.from(new JsonObject().put("delivery", new JsonObject()
        .put("jitter", 2)))).hasMessageContaining("plugins.webhook.delivery.jitter");
    assertThatThrownBy(() -> WebhookSettings.from(new JsonObject().put("delivery", new JsonObject()
        .put("initialBackoff", "1m").put("maxBackoff", "1s")))).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> WebhookSettings.from(new JsonObject().put("endpoints", new JsonArray()
        .add(new JsonObject().put("id", "a").put("verification", "standard-webhooks")))))
        .hasMessageContaining("plugins.webhook.endpoints[0]").hasMessageContaining("secret");
    assertThatThrownBy(() -> WebhookSettings.from(new JsonObject().put("endpoints", new JsonArray()
        .add(new JsonObject().put("id", "a").put("verification", "none"))
        .add(new JsonObject().put("id", "a").put("verification", "none"))))).hasMessageContaining("twice");
    assertThat(WebhookSettings.from(new JsonObject().putNull("dlqAddress")).dlqAddress()).isNull();
  }
}
