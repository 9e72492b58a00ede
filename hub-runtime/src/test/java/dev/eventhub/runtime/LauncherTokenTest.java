package dev.eventhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 2: {@code bin/hub token} keeps lifetimes within bounds and needs a flag for no expiry. */
class LauncherTokenTest {
  @TempDir Path dir;

  @Test
  void shouldSignTokensThatExpireWithinTheBounds() throws Exception {
    Path conf = config(new JsonObject());
    long now = Instant.now().getEpochSecond();
    assertThat(exp(token("--scope", "subscribe:*", "--config", conf.toString()))).isBetween(now + 3500, now + 3700);
    assertThat(exp(token("--scope", "subscribe:*", "--ttl", "2d", "--config", conf.toString())))
        .isBetween(now + 2 * 86400 - 100, now + 2 * 86400 + 100);
    String link = token("--console", "--config", conf.toString());
    assertThat(exp(link.substring(link.indexOf("#token=") + 7))).isBetween(now + 8 * 3600 - 100, now + 8 * 3600 + 100);
  }

  @Test
  void shouldRefuseALifetimeUnderOneSecondOrOverTheCap() throws Exception {
    Path conf = config(new JsonObject().put("auth", new JsonObject().put("jwt",
        new JsonObject().put("secret", TestHub.SECRET).put("maxTokenTtl", "1h"))));
    assertThatThrownBy(() -> token("--scope", "admin", "--ttl", "500ms", "--config", conf.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> token("--scope", "admin", "--ttl", "0s", "--config", conf.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1s");
    assertThatThrownBy(() -> token("--scope", "admin", "--ttl", "2h", "--config", conf.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth.jwt.maxTokenTtl");
    // The console link's default lifetime shrinks to the cap rather than failing.
    String link = token("--console", "--config", conf.toString());
    assertThat(exp(link.substring(link.indexOf("#token=") + 7))).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 3600);
  }

  @Test
  void shouldSignATokenWithoutExpiryOnlyWithTheFlagAndTheSetting() throws Exception {
    Path strict = config(new JsonObject());
    assertThatThrownBy(() -> token("--scope", "admin", "--no-expiry", "--config", strict.toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("auth.jwt.allowNoExpiry");
    Path lax = config(new JsonObject().put("auth", new JsonObject().put("jwt",
        new JsonObject().put("secret", TestHub.SECRET).put("allowNoExpiry", true))));
    assertThat(claims(token("--scope", "admin", "--no-expiry", "--config", lax.toString())).containsKey("exp")).isFalse();
    assertThatThrownBy(() -> token("--scope", "admin", "--no-expiry", "--ttl", "1h", "--config", lax.toString()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private Path config(JsonObject settings) throws Exception {
    JsonObject json = new JsonObject().put("data", new JsonObject().put("dir", dir.resolve("data").toString()))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", TestHub.SECRET)));
    json.mergeIn(settings, true);
    Path file = Files.createTempFile(dir, "hub", ".json");
    Files.writeString(file, json.encode());
    return file;
  }

  private static String token(String... args) {
    return Launcher.token(new ArrayDeque<>(Arrays.asList(args)));
  }

  private static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static long exp(String jwt) {
    return claims(jwt).getLong("exp");
  }
}
