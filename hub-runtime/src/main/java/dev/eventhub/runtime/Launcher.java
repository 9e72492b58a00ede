package dev.eventhub.runtime;

import dev.eventhub.runtime.cli.HubCommand;
import dev.eventhub.runtime.cli.Logging;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * {@code bin/hub}'s entry point: the command line of {@link HubCommand} ({@code hub --help} lists it). Logs go to
 * stderr, so that a command's stdout is its answer alone; {@code hub run} logs to stdout ({@link Logging}).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    // Before anything logs: which stream, which configuration, which level and format.
    try {
      Logging.configure(args, System.getenv(), Path.of(System.getProperty("hub.home", ".")));
    } catch (IllegalArgumentException wrong) {
      System.err.println("hub: " + wrong.getMessage());
      System.exit(HubCommand.FAILED);
    }
    int code = HubCommand.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
    System.exit(code);
  }
}
