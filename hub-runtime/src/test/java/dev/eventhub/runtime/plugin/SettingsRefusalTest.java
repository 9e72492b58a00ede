package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.plugin.impl.PluginLauncher;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin that refuses its settings (its {@code validate} throws {@code IllegalArgumentException}
 * naming the setting) is not started and is reported in one line naming the setting: an operator's
 * typo, not a fault of the hub, so no stack trace. Found by the distribution's hostile-input suite
 * ({@code plugins.websocket.maxConnections: []} logged a stack trace).
 */
class SettingsRefusalTest {
  @TempDir Path dir;

  @Test
  void shouldReportARefusedSettingInOneLineWithoutAStackTrace() {
    String source = TestPluginSources.simple("test.picky", "Picky", "picky", "picky", "\"hi\"")
        .replace("public List<CategoryDescriptor> categories() {",
            "public void validate(JsonObject c) { throw new IllegalArgumentException(\"setting 'plugins.picky.level'"
                + " must be 1 to 3, got 7\"); }\n  public List<CategoryDescriptor> categories() {");
    PluginJar.create().source("test.picky.Picky", source).service("dev.eventhub.api.spi.SourcePlugin", "test.picky.Picky")
        .build(dir.resolve("plugins/picky.jar"));
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        records.add(r);
      }

      @Override
      public void flush() { }

      @Override
      public void close() { }
    };
    Logger logger = Logger.getLogger(PluginLauncher.class.getName());
    logger.addHandler(capture);
    try (TestHub hub = TestHub.start(dir)) {
      JsonObject picky = hub.get("/api/plugins", hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins").stream()
          .map(JsonObject.class::cast).filter(p -> p.getString("name").equals("picky")).findFirst().orElseThrow();
      assertThat(picky.getString("state")).isEqualTo("failed");
      assertThat(picky.getString("error")).contains("'plugins.picky.level' must be 1 to 3, got 7");
      assertThat(hub.get("/ready", null).statusCode()).isEqualTo(200);
    } finally {
      logger.removeHandler(capture);
    }
    LogRecord refusal = records.stream().filter(r -> r.getMessage().contains("plugins.picky.level")).findFirst().orElseThrow();
    assertThat(refusal.getThrown()).as("a stack trace logged for a refused setting").isNull();
  }
}
