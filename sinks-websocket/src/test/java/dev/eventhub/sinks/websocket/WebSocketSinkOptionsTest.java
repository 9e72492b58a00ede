package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.runtime.config.ConfigLoader;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebSocketSinkOptionsTest {
  @Test
  void shouldApplyTheDefaultsForAnEmptySection() {
    WebSocketSinkOptions options = new WebSocketSinkOptions(new JsonObject());
    assertThat(options.path()).isEqualTo("/ws");
    assertThat(options.maxConnections()).isEqualTo(10_000);
    assertThat(options.maxSubscriptionsPerConnection()).isEqualTo(100);
    assertThat(options.maxPatternsPerConnection()).isEqualTo(1_000);
    assertThat(options.maxFrameSize()).isEqualTo(65_536);
    assertThat(options.maxMessagesPerSecond()).isEqualTo(100);
    assertThat(options.heartbeatInterval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(options.maxQueuedBytes()).isEqualTo(1 << 20);
    assertThat(options.allowedOrigins()).isEmpty();
    assertThat(options.compression()).isFalse();
    assertThat(options.maxPublishesInFlight()).isEqualTo(100);
  }

  @Test
  void shouldShipTheSameDefaultsInTheHubConfiguration() {
    JsonObject shipped = ConfigLoader.defaults().getJsonObject("plugins").getJsonObject("websocket");
    WebSocketSinkOptions fromFile = new WebSocketSinkOptions(shipped);
    WebSocketSinkOptions builtIn = new WebSocketSinkOptions();
    assertThat(fromFile).usingRecursiveComparison().isEqualTo(builtIn);
    assertThat(shipped.fieldNames()).containsExactlyInAnyOrder("path", "maxConnections", "maxSubscriptionsPerConnection",
        "maxPatternsPerConnection", "maxFrameSize", "maxMessagesPerSecond", "heartbeatInterval", "maxQueuedBytes", "allowedOrigins",
        "compression", "maxPublishesInFlight", "consumers");
  }

  @Test
  void shouldReadTheNamedConsumersSettings() {
    ConsumerOptions defaults = new WebSocketSinkOptions(new JsonObject()).consumers();
    assertThat(defaults.expireAfter()).isEqualTo(Duration.ofDays(7));
    assertThat(defaults.maxInFlight()).isEqualTo(1000);
    ConsumerOptions set = new WebSocketSinkOptions(new JsonObject().put("consumers",
        new JsonObject().put("expireAfter", "2h").put("maxInFlight", 10))).consumers();
    assertThat(set.expireAfter()).isEqualTo(Duration.ofHours(2));
    assertThat(set.maxInFlight()).isEqualTo(10);
    assertRefused(new JsonObject().put("consumers", new JsonObject().put("expireAfter", "0s")), "consumers.expireAfter");
    assertRefused(new JsonObject().put("consumers", new JsonObject().put("maxInFlight", 0)), "consumers.maxInFlight");
    assertRefused(new JsonObject().put("consumers", "soon"), "consumers");
  }

  @Test
  void shouldReadDurationsAsTextOrMilliseconds() {
    assertThat(new WebSocketSinkOptions(new JsonObject().put("heartbeatInterval", "250ms")).heartbeatInterval())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(new WebSocketSinkOptions(new JsonObject().put("heartbeatInterval", "2m")).heartbeatInterval())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(new WebSocketSinkOptions(new JsonObject().put("heartbeatInterval", 1500)).heartbeatInterval())
        .isEqualTo(Duration.ofMillis(1500));
    assertThat(new WebSocketSinkOptions(new JsonObject().put("allowedOrigins", new JsonArray().add("https://a.example")))
        .allowedOrigins()).isEqualTo(List.of("https://a.example"));
  }

  @Test
  void shouldNameTheSettingThatIsWrong() {
    assertRefused(new JsonObject().put("maxConnections", 0), "maxConnections");
    assertRefused(new JsonObject().put("maxConnections", "many"), "maxConnections");
    assertRefused(new JsonObject().put("maxFrameSize", 2 << 20), "maxFrameSize");
    assertRefused(new JsonObject().put("maxPatternsPerConnection", 0), "maxPatternsPerConnection");
    assertRefused(new JsonObject().put("heartbeatInterval", "soon"), "heartbeatInterval");
    assertRefused(new JsonObject().put("heartbeatInterval", 0), "heartbeatInterval");
    assertRefused(new JsonObject().put("maxQueuedBytes", -1), "maxQueuedBytes");
    assertRefused(new JsonObject().put("path", "ws/"), "path");
    assertRefused(new JsonObject().put("allowedOrigins", "*"), "allowedOrigins");
    assertRefused(new JsonObject().put("compression", "yes"), "compression");
    assertRefused(new JsonObject().put("allowedOrigins", new JsonArray().add(3)), "allowedOrigins");
    assertRefused(new JsonObject().put("maxPublishesInFlight", 0), "maxPublishesInFlight");
  }

  private static void assertRefused(JsonObject config, String setting) {
    assertThatThrownBy(() -> new WebSocketSinkPlugin().validate(config))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + setting + "'");
  }
}
