package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP access log ({@code http.accessLog}): off by default; when on, one line per request through the logger
 * {@code dev.eventhub.access}, with tokens and secret-looking query parameters masked and no header ever. The tests'
 * SLF4J binding (slf4j-jdk14) logs to the java.util.logging logger of the same name, where this test listens.
 */
class AccessLogTest {
  // Held here: java.util.logging keeps loggers only weakly.
  private static final Logger ACCESS = Logger.getLogger("dev.eventhub.access");

  @TempDir Path dir;
  final List<String> lines = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      lines.add(record.getMessage());
    }

    @Override
    public void flush() { }

    @Override
    public void close() { }
  };

  @BeforeEach
  void listen() {
    ACCESS.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    ACCESS.removeHandler(capture);
  }

  @Test
  void shouldLogEachRequestWithTokensAndSecretsMasked() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("http.accessLog", true))) {
      String token = hub.adminToken();
      hub.get("/api/events?category=orders&access_token=" + token + "&limit=5&password=hunter2&api_key=k-123"
          + "&client_secret=s3cr3t&jwt=" + token, token);
      hub.get("/health", null);

      Eventually.until(() -> lines.size() >= 2, "two access log lines");
      String events = lines.stream().filter(l -> l.contains("/api/events")).findFirst().orElseThrow();
      assertThat(events).contains("GET /api/events?category=orders&access_token=***&limit=5&password=***"
          + "&api_key=***&client_secret=***&jwt=***");
      assertThat(events).matches(".* \\d{3} .*");
      assertThat(String.join("\n", lines)).doesNotContain(token).doesNotContain("hunter2").doesNotContain("k-123")
          .doesNotContain("s3cr3t").doesNotContain("Bearer").doesNotContain("Authorization");
      assertThat(lines).anySatisfy(l -> assertThat(l).contains("GET /health").contains(" 200 "));
    }
  }

  @Test
  void shouldMaskASecretParameterWhateverItsCaseOrEncoding() {
    assertThat(AccessLog.maskQuery("Access_Token=abc&x=1&%61ccess_token=def&PassWord=p&keys=a,b&since=c-1"))
        .isEqualTo("Access_Token=***&x=1&%61ccess_token=***&PassWord=***&keys=a,b&since=c-1");
    assertThat(AccessLog.maskQuery("access_token")).isEqualTo("access_token");
    assertThat(AccessLog.maskQuery(null)).isNull();
  }

  @Test
  void shouldLogNothingByDefault() {
    try (TestHub hub = TestHub.start(dir)) {
      assertThat(hub.hub().config().bool("http.accessLog")).isFalse();
      hub.get("/health", null);
      hub.get("/api/events?access_token=" + hub.adminToken(), null);
      // The line of a request is logged when its answer ends, before the client has it: none by now means none.
      assertThat(lines).isEmpty();
    }
  }
}
