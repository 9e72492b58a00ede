package dev.eventhub.runtime.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code hub version}: the same as {@code hub --version}. */
@Command(name = "version", mixinStandardHelpOptions = true, versionProvider = HubVersion.class, description = "Prints the hub's, Java's and Vert.x's versions.")
final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    for (String line : new HubVersion().getVersion()) {
      spec.commandLine().getOut().println(line);
    }
    spec.commandLine().getOut().flush();
    return HubCommand.OK;
  }
}
