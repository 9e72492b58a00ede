package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's log (issue 23): Logback with conf/logback.xml, HUB_LOG_LEVEL, HUB_LOG_FORMAT=json, the access
 * log, and commands other than 'run' logging to stderr only.
 */
class LoggingIT {
  private static final String SECRET = "logging-test-secret-0123456789abcdef";
  private static final String TEXT_LINE = "^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} (TRACE|DEBUG|INFO |WARN |ERROR) .*";

  @TempDir Path dir;

  @Test
  void shouldLogDebugLinesWhenHubLogLevelIsDebug() throws Exception {
    Path home = HubProcess.install(dir);
    assertThat(home.resolve("conf/logback.xml")).exists();
    assertThat(home.resolve("lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("logback-classic"));
    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_LOG_LEVEL", "debug"))) {
      hub.awaitReady();
      String ready = hub.awaitLine("hub ready", 1);
      assertThat(ready).matches(TEXT_LINE).contains(" INFO  Hub  hub ready");
      assertThat(hub.output().lines()).anyMatch(l -> l.matches(TEXT_LINE) && l.contains(" DEBUG "));
    }
  }

  @Test
  void shouldPrintJsonLinesThatParseWithTheAccessLogMasked() throws Exception {
    Path home = HubProcess.install(dir);
    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_LOG_FORMAT", "json", "HUB_HTTP_ACCESS_LOG", "true"))) {
      hub.awaitReady();
      String token = HubProcess.run(home, "token", "--scope", "admin");
      // Refused (the access_token parameter is for the WebSocket upgrade only), and logged all the same.
      assertThat(hub.request("GET", "/api/plugins?access_token=" + token + "&password=hunter2", token, null)
          .statusCode()).isEqualTo(401);
      hub.awaitLine("dev.eventhub.access", 1);

      // Lines the JVM itself writes (warnings on stderr) are no log records: every record is a JSON line.
      List<String> records = hub.output().lines().filter(l -> l.startsWith("{")).toList();
      assertThat(hub.output().lines()).noneMatch(l -> l.matches(TEXT_LINE));
      List<JsonObject> parsed = records.stream().map(LoggingIT::parse).toList();
      assertThat(parsed).allSatisfy(r -> assertThat(r.fieldNames()).contains("timestamp", "level", "loggerName",
          "formattedMessage"));
      assertThat(parsed).anySatisfy(r -> {
        assertThat(r.getString("loggerName")).isEqualTo("dev.eventhub.runtime.Hub");
        assertThat(r.getString("formattedMessage")).startsWith("hub ready");
        assertThat(r.getString("level")).isEqualTo("INFO");
      });
      assertThat(parsed).noneSatisfy(r -> assertThat(r.getString("level")).isEqualTo("DEBUG"));
      JsonObject access = parsed.stream().filter(r -> "dev.eventhub.access".equals(r.getString("loggerName")))
          .findFirst().orElseThrow();
      assertThat(access.getString("formattedMessage"))
          .contains("GET /api/plugins?access_token=***&password=*** HTTP/").contains("\" 401 ");
      assertThat(hub.output()).doesNotContain(token).doesNotContain("hunter2");
    }
  }

  @Test
  void shouldPrintTheTokenAloneOnStdoutEvenAtDebugLevel() throws Exception {
    Path home = HubProcess.install(dir);
    String out = HubProcess.run(home, Map.of("HUB_AUTH_JWT_SECRET", SECRET, "HUB_LOG_LEVEL", "debug"),
        "token", "--scope", "admin");
    assertThat(out).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(Files.exists(home.resolve("data/token-secret"))).isFalse();
  }

  @Test
  void shouldRefuseAWrongLogLevelNamingTheVariable() throws Exception {
    Path home = HubProcess.install(dir);
    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_LOG_LEVEL", "verbose"))) {
      assertThat(hub.terminateOrExit()).isEqualTo(1);
      assertThat(hub.output()).contains("HUB_LOG_LEVEL must be one of trace, debug, info, warn, error, off; got 'verbose'");
    }
  }

  private static JsonObject parse(String line) {
    try {
      return new JsonObject(line);
    } catch (DecodeException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
