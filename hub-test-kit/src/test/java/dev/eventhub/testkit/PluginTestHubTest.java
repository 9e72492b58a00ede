package dev.eventhub.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kit against a plugin on the test classpath ({@code sample.TickerPlugin}). */
class PluginTestHubTest {
  @TempDir Path dir;

  @Test
  void shouldStartThePluginOnTheClasspathPublishSubscribeAndReadHistory() {
    try (PluginTestHub hub = PluginTestHub.start(dir)) {
      assertThat(hub.plugin("ticker").getString("state")).isEqualTo("running");
      assertThat(hub.plugin("websocket").getString("state")).isEqualTo("running");
      try (Subscription ticks = hub.subscribe("ticker")) {
        JsonObject recorded = hub.publish("ticker", "poked", "k1", new JsonObject().put("n", 1));
        JsonObject live = ticks.next();
        assertThat(live.getString("event")).isEqualTo("poked");
        assertThat(live.getString("cursor")).isEqualTo(recorded.getString("cursor"));
        assertThat(live.getJsonObject("data").getInteger("n")).isEqualTo(1);
      }
      assertThat(hub.history("ticker")).extracting(e -> e.getString("event")).containsExactly("started", "poked");
      assertThat(hub.get("/api/ticker/hello", hub.token("subscribe:ticker")).json().getString("hello"))
          .isEqualTo("world");
      assertThat(hub.get("/api/ticker/hello", null).status()).isEqualTo(401);
      assertThat(hub.get("/api/ticker/hello", hub.token("subscribe:other")).status()).isEqualTo(403);
    }
  }

  @Test
  void shouldKeepStateInTheDirectoryAcrossARestart() {
    try (PluginTestHub hub = PluginTestHub.start(dir)) {
      hub.publish("ticker", "poked", null, new JsonObject());
    }
    try (PluginTestHub again = PluginTestHub.start(dir)) {
      assertThat(again.history("ticker")).extracting(e -> e.getString("event"))
          .containsExactly("started", "poked", "started");
    }
  }

  @Test
  void shouldAnswerAHandlersExceptionWithTheErrorBodyAndCountIt() {
    try (PluginTestHub hub = PluginTestHub.start(dir)) {
      HttpAnswer boom = hub.get("/api/ticker/boom", hub.adminToken());
      assertThat(boom.status()).isEqualTo(500);
      assertThat(boom.error()).isEqualTo("internal");
      assertThat(hub.plugin("ticker").getLong("errors")).isEqualTo(1);
    }
  }

  @Test
  void shouldReportAWrongTypedSettingByItsNameThroughSettings() {
    try (PluginTestHub hub = PluginTestHub.builder(dir).setting("plugins.ticker.intervalMs", "2s").start()) {
      JsonObject ticker = hub.plugin("ticker");
      assertThat(ticker.getString("state")).isEqualTo("failed");
      assertThat(ticker.getString("error")).contains("'plugins.ticker.intervalMs' must be an integer");
    }
  }
}
