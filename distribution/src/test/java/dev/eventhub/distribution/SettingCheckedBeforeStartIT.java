package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A setting the launcher reads itself is checked before the hub starts: found by the hostile-input
 * suite, {@code shutdown.timeout: " "} let the hub log "hub ready", then exit.
 */
class SettingCheckedBeforeStartIT {
  @TempDir Path dir;

  @Test
  void shouldRefuseABadShutdownTimeoutBeforeTheHubIsReady() throws Exception {
    Path home = HubProcess.install(dir);
    try (HubProcess hub = HubProcess.start(home, Map.of("HUB_SHUTDOWN_TIMEOUT", "soon"))) {
      assertThat(hub.terminateOrExit()).isNotEqualTo(0);
      assertThat(hub.output()).contains("shutdown.timeout").doesNotContain("hub ready").doesNotContain("hub listening");
    }
  }
}
