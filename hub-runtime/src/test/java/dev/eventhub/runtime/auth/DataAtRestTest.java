package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 13 (data at rest): the data directory is created 0700, the generated token secret and
 * the event log are 0600, and a token secret other users can read stops the hub from starting.
 */
class DataAtRestTest {
  @TempDir Path dir;

  @Test
  void shouldKeepTheDataDirectoryTheSecretAndTheLogToTheHubsUser() throws Exception {
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.secret", null))) {
      hub.publish("orders", "placed", "k", new io.vertx.core.json.JsonObject());
      Path data = dir.resolve("data");
      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(data.resolve("token-secret"))).isEqualTo("rw-------");
      try (var files = Files.list(data)) {
        files.filter(f -> f.getFileName().toString().startsWith("events.db"))
            .forEach(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
      }
      assertThat(data.resolve("events.db")).exists();
      try (var files = Files.list(data)) {
        assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
      }
    }
  }

  @Test
  void shouldRefuseToStartWhenOtherUsersCanReadTheSecret() throws Exception {
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.secret", null))) {
      assertThat(hub.get("/health", null).statusCode()).isEqualTo(200);
    }
    Path secret = dir.resolve("data/token-secret");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(FailClosedKeysTest.refusal(() -> TestHub.start(dir, c -> c.with("auth.jwt.secret", null))))
        .hasMessageContaining(secret.toString()).hasMessageContaining("chmod 600");
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
