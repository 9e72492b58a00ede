package dev.eventhub.runtime.cli;

import dev.eventhub.runtime.config.ConfigLoader;
import dev.eventhub.runtime.config.HubConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --config FILE}, shared by the commands that read the hub's settings. The installation directory is the
 * {@code hub.home} system property (set by {@code bin/hub}), else the working directory; the settings file is
 * {@code --config FILE}, else {@code $HUB_CONFIG}, else {@code conf/hub.json} there.
 */
public final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "the settings file (default: $HUB_CONFIG, else conf/hub.json in the installation)")
  Path file;

  /** The installation directory. */
  static Path home() {
    return Path.of(System.getProperty("hub.home", ".")).toAbsolutePath().normalize();
  }

  /** The settings file this command reads. */
  Path path() {
    if (file != null) {
      return file;
    }
    String env = System.getenv("HUB_CONFIG");
    return env != null ? Path.of(env) : home().resolve("conf").resolve("hub.json");
  }

  /** The effective settings: defaults, the file, then the environment. */
  HubConfig load() {
    return ConfigLoader.load(path(), System.getenv(), home());
  }
}
