package dev.eventhub.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void shouldLetEnvironmentBeatFileAndFileBeatDefaults() throws IOException {
    Path file = dir.resolve("hub.json");
    Files.writeString(file, "{\"http\":{\"port\":9000,\"host\":\"127.0.0.1\"},\"data\":{\"dir\":\"from-file\"}}");

    HubConfig config = ConfigLoader.load(file, Map.of("HUB_HTTP_PORT", "9100", "HUB_AUTH_JWT_SECRET", "s3cr3t"), dir);

    assertThat(config.integer("http.port", 0, 65535)).isEqualTo(9100);
    assertThat(config.string("http.host")).isEqualTo("127.0.0.1");
    assertThat(config.directory("data.dir")).isEqualTo(dir.resolve("from-file"));
    assertThat(config.string("auth.jwt.secret")).isEqualTo("s3cr3t");
    assertThat(config.bool("auth.enabled")).isTrue();
  }

  @Test
  void shouldMapUpperSnakeNamesOntoCamelCaseKeys() {
    HubConfig config = ConfigLoader.load(null, Map.of(
        "HUB_HTTP_MAX_BODY_SIZE", "2048",
        "HUB_PLUGINS_WEBSOCKET_MAX_CONNECTIONS", "7",
        "HUB_LOG_RETENTION_MAX_AGE", "2h",
        "HUB_LOADER_DISABLED", "scheduler, dlq",
        "HUB_PLUGINS_NEWPLUGIN_SOME_FLAG", "true"), dir);

    assertThat(config.number("http.maxBodySize")).isEqualTo(2048);
    assertThat(config.pluginConfig("websocket").getLong("maxConnections")).isEqualTo(7);
    assertThat(config.duration("log.retention.maxAge")).isEqualTo(Duration.ofHours(2));
    assertThat(config.strings("loader.disabled")).containsExactly("scheduler", "dlq");
    assertThat(config.pluginConfig("newplugin").getBoolean("someFlag")).isTrue();
  }

  @Test
  void shouldTakeTheVariablesOfBinHubAndOfTheLogForNoSetting() {
    // HUB_LOG_LEVEL would otherwise read as the event log's setting 'log.level' (issue 23).
    HubConfig config = ConfigLoader.load(null, Map.of("HUB_LOG_LEVEL", "debug", "HUB_LOG_FORMAT", "json",
        "HUB_CONFIG", "/etc/hub.json", "HUB_JAVA_OPTS", "-Xmx1g"), dir);
    assertThat(config.json()).isEqualTo(ConfigLoader.load(null, Map.of(), dir).json());
  }

  @Test
  void shouldNameTheVariableWhoseValueDoesNotFit() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HUB_HTTP_PORT", "eighty"), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("HUB_HTTP_PORT").hasMessageContaining("eighty");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("HUB_AUTH_ENABLED", "maybe"), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("true or false");
  }

  @Test
  void shouldRejectAFileThatIsNotAJsonObject() throws IOException {
    Path file = dir.resolve("hub.json");
    Files.writeString(file, "{\"http\": ");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON");
    Files.writeString(file, "[1, 2]");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("must hold a JSON object");
  }

  @Test
  void shouldNameTheSettingOfABadDuration() {
    HubConfig config = HubConfig.defaults(dir).with("loader.startTimeout", "soon");
    assertThatThrownBy(() -> config.duration("loader.startTimeout"))
        .hasMessageContaining("loader.startTimeout").hasMessageContaining("soon");
    assertThat(HubConfig.defaults(dir).with("x", new JsonArray().add("a")).strings("x")).containsExactly("a");
  }

  @Test
  void shouldSayWhyAFileIsNotJsonInOneLineWithoutEchoingIt() throws Exception {
    // The parser's message quoted the file, secret included, over several lines: found by the hostile-input suite.
    Path file = dir.resolve("hub.json");
    Files.writeString(file, "{\"auth\": {\"jwt\": {\"secret\": \"do-not-print-this-secret-0123456789\"}},\n \"http\": ");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of(), dir))
        .isInstanceOf(ConfigException.class).hasMessageContaining("not valid JSON").hasMessageContaining("line 2")
        .hasMessageNotContaining("do-not-print-this-secret").hasMessageNotContaining("\n");
  }
}
