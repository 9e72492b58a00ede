package dev.eventhub.runtime;

import dev.eventhub.runtime.cli.HubCommand;
import java.io.PrintWriter;

/**
 * {@code bin/hub}'s entry point: the command line of {@link HubCommand} ({@code hub --help} lists it). Logs go to
 * stderr, so that a command's stdout is its answer alone; {@code hub run} logs to stdout.
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) {
    ConsoleLogFormat.install(System.err);
    int code = HubCommand.commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true))
        .execute(args);
    System.exit(code);
  }
}
