package dev.eventhub.runtime.cli;

import dev.eventhub.runtime.config.ConfigLoader;
import dev.eventhub.runtime.config.HubConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code hub config}: prints the effective settings (defaults, the file, the environment) with every secret
 * shown as {@code ***}; {@code hub config check FILE} checks a settings file without starting anything.
 */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
    description = "Prints the effective settings (defaults, then the file, then HUB_* variables), secrets masked.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    HubConfig settings = config.load();
    PrintWriter out = spec.commandLine().getOut();
    out.println(ConfigCheck.masked(settings.json()).encodePrettily());
    out.flush();
    return HubCommand.OK;
  }

  /** {@code hub config check FILE}: every problem of the file, one line each; exit 1 if there is any. */
  @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
      description = {"Checks a settings file without starting anything.",
          "The file is read as the hub would (with this shell's HUB_* variables); every problem is named,",
          "one a line. The bundled plugins' sections are checked here; plugin jars in plugins/ check theirs",
          "when the hub loads them."})
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the settings file to check")
    Path file;

    @Override
    public Integer call() {
      if (!Files.isRegularFile(file)) {
        spec.commandLine().getErr().println("hub: config check: " + file + " is not a file");
        return HubCommand.FAILED;
      }
      List<String> problems;
      try {
        problems = ConfigCheck.problems(ConfigLoader.load(file, System.getenv(), ConfigOption.home()));
      } catch (RuntimeException unreadable) {
        problems = List.of(unreadable.getMessage());
      }
      if (problems.isEmpty()) {
        spec.commandLine().getOut().println(file + ": ok");
        spec.commandLine().getOut().flush();
        return HubCommand.OK;
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println(file + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems"));
      problems.forEach(p -> err.println("  " + p));
      err.flush();
      return HubCommand.FAILED;
    }
  }
}
