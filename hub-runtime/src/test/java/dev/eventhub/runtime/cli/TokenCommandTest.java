package dev.eventhub.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code hub token}: lifetimes within bounds, a flag for no expiry, and never a secret of its own making. */
class TokenCommandTest {
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
    assertThat(Cli.run("token", "--scope", "admin", "--ttl", "500ms", "--config", conf.toString()))
        .satisfies(r -> r.failedWith(HubCommand.FAILED, "at least 1s"));
    assertThat(Cli.run("token", "--scope", "admin", "--ttl", "0s", "--config", conf.toString()))
        .satisfies(r -> r.failedWith(HubCommand.FAILED, "at least 1s"));
    assertThat(Cli.run("token", "--scope", "admin", "--ttl", "2h", "--config", conf.toString()))
        .satisfies(r -> r.failedWith(HubCommand.FAILED, "auth.jwt.maxTokenTtl"));
    // The console link's default lifetime shrinks to the cap rather than failing.
    String link = token("--console", "--config", conf.toString());
    assertThat(exp(link.substring(link.indexOf("#token=") + 7))).isLessThanOrEqualTo(Instant.now().getEpochSecond() + 3600);
  }

  @Test
  void shouldSignATokenWithoutExpiryOnlyWithTheFlagAndTheSetting() throws Exception {
    Path strict = config(new JsonObject());
    assertThat(Cli.run("token", "--scope", "admin", "--no-expiry", "--config", strict.toString()))
        .satisfies(r -> r.failedWith(HubCommand.FAILED, "auth.jwt.allowNoExpiry"));
    Path lax = config(new JsonObject().put("auth", new JsonObject().put("jwt",
        new JsonObject().put("secret", TestHub.SECRET).put("allowNoExpiry", true))));
    assertThat(claims(token("--scope", "admin", "--no-expiry", "--config", lax.toString())).containsKey("exp")).isFalse();
    assertThat(Cli.run("token", "--scope", "admin", "--no-expiry", "--ttl", "1h", "--config", lax.toString()))
        .satisfies(r -> r.failedWith(HubCommand.USAGE, "contradict"));
  }

  @Test
  void shouldRefuseAMalformedScopeNamingIt() throws Exception {
    Path conf = config(new JsonObject().put("auth", new JsonObject().put("jwt", new JsonObject().put("secret",
        TestHub.SECRET))));
    assertThat(Cli.run("token", "--scope", "subscribe:workflow/ admin", "--config", conf.toString()))
        .satisfies(r -> r.failedWith(HubCommand.USAGE, "'subscribe:workflow/'"));
    assertThat(claims(token("--scope", "subscribe:workflow/job-1* publish:workflow/job-1*", "--config",
        conf.toString())).getString("scope")).contains("subscribe:workflow/job-1*");
  }

  @Test
  void shouldRefuseWithoutScopesAsAUsageError() throws Exception {
    assertThat(Cli.run("token", "--config", config(new JsonObject()).toString()))
        .satisfies(r -> r.failedWith(HubCommand.USAGE, "--scope is required"));
  }

  @Test
  void shouldNeverGenerateASecretButNameWhereItLooked() throws Exception {
    // No auth.jwt.secret and a data directory the hub never started in: a token signed with a new secret would
    // be refused by the hub, so the command fails instead of printing one.
    Path conf = Files.createTempFile(dir, "hub", ".json");
    Path data = dir.resolve("never-started");
    Files.writeString(conf, new JsonObject().put("data", new JsonObject().put("dir", data.toString())).encode());
    Cli.Result result = Cli.run("token", "--scope", "subscribe:*", "--config", conf.toString());
    result.failedWith(HubCommand.FAILED, data.resolve("token-secret").toString());
    assertThat(result.err()).contains("auth.jwt.secret").contains("Start the hub once");
    assertThat(result.out()).isEmpty();
    assertThat(data).doesNotExist();
  }

  @Test
  void shouldSignWithTheSecretTheHubGenerated() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path conf = Files.createTempFile(dir, "hub", ".json");
    Files.writeString(conf, new JsonObject().put("data", new JsonObject().put("dir", data.toString())).encode());
    Path secret = data.resolve("token-secret");
    Files.writeString(secret, TestHub.SECRET + "\n");
    Files.setPosixFilePermissions(secret, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Cli.Result result = Cli.run("token", "--scope", "subscribe:*", "--config", conf.toString());
    assertThat(result.code()).as(result.err()).isZero();
    // stdout is the token alone: $(bin/hub token ...) must be usable as it is.
    assertThat(result.out().trim()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    assertThat(claims(result.out().trim()).getString("scope")).isEqualTo("subscribe:*");
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
    String[] all = new String[args.length + 1];
    all[0] = "token";
    System.arraycopy(args, 0, all, 1, args.length);
    Cli.Result result = Cli.run(all);
    assertThat(result.code()).as(result.err()).isZero();
    return result.out().trim();
  }

  private static JsonObject claims(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static long exp(String jwt) {
    return claims(jwt).getLong("exp");
  }
}
