package dev.eventhub.runtime.cli;

import dev.eventhub.runtime.config.ConfigException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/**
 * {@code bin/hub}: without a subcommand it runs the hub, as {@code hub run} does. Each subcommand has {@code
 * --help}; {@code hub completion} prints a bash/zsh completion script.
 */
@Command(name = "hub", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
    description = "The event hub. Without a command it starts the hub (as 'hub run').",
    subcommands = {RunCommand.class, TokenCommand.class, TailCommand.class, ConfigCommand.class,
        VersionCommand.class, HelpCommand.class,
        HealthCommand.class /* issue 23 item 5: the container image's health check */},
    footerHeading = "%nSettings:%n",
    footer = {"conf/hub.json in the installation, or --config FILE, or $HUB_CONFIG.",
        "Override any setting with HUB_<PATH>, e.g. HUB_HTTP_PORT=9090.",
        "Docs: docs/operations.md (this command line), docs/configuration.md (settings)."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (for 'run': stopped cleanly)",
        "1:the command failed (the hub could not start or stop cleanly, a setting is wrong, no token secret, "
            + "the hub could not be reached)",
        "2:the command line is wrong (unknown command or option, a missing or bad value)"})
public final class HubCommand implements Callable<Integer> {
  /** The command did its work. */
  public static final int OK = 0;
  /** The command failed. */
  public static final int FAILED = 1;
  /** The command line was wrong. */
  public static final int USAGE = 2;

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return RunCommand.run(config);
  }

  /** The whole command line, with {@code out} and {@code err} as its streams (tests pass their own). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new HubCommand());
    cli.addSubcommand("completion", new GenerateCompletion());
    cli.getSubcommands().get("completion").getCommandSpec().usageMessage()
        .description("Prints a bash/zsh completion script: source <(bin/hub completion)");
    cli.setOut(out).setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      // A wrong setting, a missing secret, a refused lifetime: one line naming what is wrong, no stack trace.
      boolean expected = e instanceof ConfigException || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException;
      line.getErr().println("hub: " + (expected ? e.getMessage() : e));
      line.getErr().flush();
      return FAILED;
    });
    return cli;
  }
}
