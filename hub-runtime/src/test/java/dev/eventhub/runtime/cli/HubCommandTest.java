package dev.eventhub.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 23 item 1: help, version, exit codes, {@code hub config}, {@code hub config check} and completion. */
class HubCommandTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"", "run", "token", "tail", "config", "config check", "version"})
  void shouldPrintHelpForEveryCommand(String command) {
    String[] args = (command.isEmpty() ? "--help" : command + " --help").split(" ");
    Cli.Result result = Cli.run(args);
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("Usage: hub" + (command.isEmpty() ? "" : " " + command)).contains("--help");
  }

  @Test
  void shouldListCommandsAndExitCodesInTheMainHelp() {
    String help = Cli.run("--help").out();
    assertThat(help).contains("run", "token", "tail", "config", "version", "completion", "Exit codes:");
  }

  @Test
  void shouldPrintTheVersionEitherWay() {
    assertThat(Cli.run("--version").out()).startsWith("hub ").contains("Java ").contains("Vert.x ");
    assertThat(Cli.run("version").out()).isEqualTo(Cli.run("--version").out());
  }

  @Test
  void shouldExitTwoOnAWrongCommandLine() {
    Cli.run("--no-such-option").failedWith(HubCommand.USAGE, "--no-such-option");
    Cli.run("frobnicate").failedWith(HubCommand.USAGE, "frobnicate");
    Cli.run("tail", "--last").failedWith(HubCommand.USAGE, "--last");
    Cli.run("tail", "--last", "3", "--since", "00").failedWith(HubCommand.USAGE, "contradict");
  }

  @Test
  void shouldPrintACompletionScriptNamingTheCommands() {
    Cli.Result result = Cli.run("completion");
    assertThat(result.code()).isZero();
    assertThat(result.out()).contains("complete -F").contains("token").contains("tail").contains("--scope");
  }

  @Test
  void shouldPrintTheEffectiveSettingsWithSecretsMasked() throws Exception {
    String secret = "a-secret-of-more-than-thirty-two-bytes-0123456789";
    Path conf = write(new JsonObject()
        .put("http", new JsonObject().put("port", 9191))
        .put("auth", new JsonObject().put("jwt", new JsonObject().put("secret", secret)
            .put("jwksUrl", "https://user:pw-123@idp.example/jwks")))
        .put("cluster", new JsonObject().put("kafka", new JsonObject().put("properties",
            new JsonObject().put("ssl.keystore.password", "kafka-pw-456").put("security.protocol", "SSL")))));
    Cli.Result result = Cli.run("config", "--config", conf.toString());
    assertThat(result.code()).as(result.err()).isZero();
    JsonObject shown = new JsonObject(result.out());
    assertThat(shown.getJsonObject("http").getInteger("port")).isEqualTo(9191);
    // A default the file did not set is shown too: it is the effective configuration.
    assertThat(shown.getJsonObject("http").getInteger("maxConnections")).isEqualTo(20000);
    assertThat(result.out()).doesNotContain(secret).doesNotContain("pw-123").doesNotContain("kafka-pw-456")
        .contains("https://***@idp.example/jwks").contains("\"SSL\"");
  }

  @Test
  void shouldNameEveryProblemOfASettingsFileWithoutStarting() throws Exception {
    Path conf = write(new JsonObject()
        .put("http", new JsonObject().put("prot", 9090).put("maxBodySize", "1MB").put("idleTimeout", "soon"))
        .put("log", new JsonObject().put("sync", "sometimes"))
        .put("plugins", new JsonObject().put("scheduler", new JsonObject().put("minInterval", 5)
            .put("executionHistory", "20"))));
    Cli.Result result = Cli.run("config", "check", conf.toString());
    assertThat(result.code()).as(result.out()).isEqualTo(HubCommand.FAILED);
    assertThat(result.err()).contains("'http.prot'").contains("'http.maxBodySize'").contains("'http.idleTimeout'")
        .contains("'log.sync'").contains("plugins.scheduler.executionHistory");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void shouldPassAGoodSettingsFile() throws Exception {
    Path conf = write(new JsonObject().put("http", new JsonObject().put("port", 9090).put("idleTimeout", "2m")));
    Cli.Result result = Cli.run("config", "check", conf.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("ok");
  }

  @Test
  void shouldRefuseAFileThatIsNotJson() throws Exception {
    Path conf = dir.resolve("broken.json");
    Files.writeString(conf, "{\"http\": ");
    Cli.run("config", "check", conf.toString()).failedWith(HubCommand.FAILED, "not valid JSON");
    Cli.run("config", "check", dir.resolve("missing.json").toString()).failedWith(HubCommand.FAILED, "is not a file");
  }

  private Path write(JsonObject settings) throws Exception {
    Path file = Files.createTempFile(dir, "hub", ".json");
    Files.writeString(file, settings.put("data", new JsonObject().put("dir", dir.resolve("data").toString())).encode());
    return file;
  }
}
