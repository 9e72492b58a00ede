package dev.eventhub.runtime.cli;

import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code hub run}: starts the hub and serves until SIGTERM or Ctrl-C, then stops it gracefully. */
@Command(name = "run", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
    description = "Starts the hub (the default command); SIGTERM or Ctrl-C stops it gracefully.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);
  private static final AtomicBoolean STOPPING = new AtomicBoolean();

  @Mixin ConfigOption config;

  @Override
  public Integer call() {
    return run(config);
  }

  /** Runs the hub until a signal stops it; the exit code. Blocks the calling (main) thread. */
  static int run(ConfigOption option) {
    HubConfig config = option.load();
    // Read before the start: a bad value must refuse the hub, not stop it once it is ready.
    long waitMillis = config.duration("shutdown.timeout").toMillis() + 5000;
    Hub hub;
    try {
      hub = Hub.start(config).await(5, TimeUnit.MINUTES);
      // Issue 24: here only plugins consume the event bus, each saying what it wants.
      hub.interest().narrow();
    } catch (Exception e) {
      LOG.error("the hub could not start: " + e.getMessage(), e instanceof ConfigException ? null : e);
      return HubCommand.FAILED;
    }
    CompletableFuture<Integer> exit = new CompletableFuture<>();
    // SIGTERM and Ctrl-C: stop gracefully and exit 0, as service managers expect of a clean stop.
    for (String signal : new String[] {"TERM", "INT"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> new Thread(
            () -> exit.complete(stop(hub, waitMillis) ? HubCommand.OK : HubCommand.FAILED), "hub-signal").start());
      } catch (IllegalArgumentException unsupported) {
        // No such signal on this platform (Windows has no TERM): the shutdown hook below still stops the hub.
      }
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(hub, waitMillis), "hub-shutdown"));
    return exit.join();
  }

  private static boolean stop(Hub hub, long waitMillis) {
    if (!STOPPING.compareAndSet(false, true)) {
      return true;
    }
    LOG.info("shutting down");
    try {
      hub.stop().await(waitMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      LOG.warn("shutdown did not finish cleanly: " + e);
      return false;
    }
  }
}
