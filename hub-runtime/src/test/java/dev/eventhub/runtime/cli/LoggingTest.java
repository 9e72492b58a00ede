package dev.eventhub.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** bin/hub's log set-up: which commands log to stdout, and the environment's log settings checked. */
class LoggingTest {
  @Test
  void shouldLogToStdoutOnlyWhenTheHubRuns() {
    assertThat(Logging.runsTheHub(new String[] {})).isTrue();
    assertThat(Logging.runsTheHub(new String[] {"run"})).isTrue();
    assertThat(Logging.runsTheHub(new String[] {"--config", "token", "run"})).isTrue();
    assertThat(Logging.runsTheHub(new String[] {"--config=x.json"})).isTrue();
    assertThat(Logging.runsTheHub(new String[] {"token", "--scope", "admin"})).isFalse();
    assertThat(Logging.runsTheHub(new String[] {"--config", "x.json", "tail"})).isFalse();
    assertThat(Logging.runsTheHub(new String[] {"config", "check", "run"})).isFalse();
  }

  @Test
  void shouldRefuseAWrongLevelOrFormatNamingTheVariable() {
    // Checked before anything is set: these calls change nothing in this JVM.
    assertThatThrownBy(() -> Logging.configure(new String[] {}, Map.of("HUB_LOG_LEVEL", "verbose"), Path.of(".")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("HUB_LOG_LEVEL must be one of trace, debug, info, warn, error, off; got 'verbose'");
    assertThatThrownBy(() -> Logging.configure(new String[] {}, Map.of("HUB_LOG_FORMAT", "xml"), Path.of(".")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HUB_LOG_FORMAT must be one of text, json");
  }
}
