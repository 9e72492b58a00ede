package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.runtime.plugin.impl.PluginScanner.Failure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * The blocking part of loading plugins, each step on a worker thread and never on an event loop: reading
 * jars, running plugin code (class initializers and constructors while a jar is scanned, the descriptor's
 * methods, {@code validate} and {@code createVerticle}), closing class loaders. A plugin whose code takes
 * seconds, or never returns, holds a worker, not the hub.
 */
public final class PluginLoading {
  /** Plugins found and described, and locations (or providers in them) that could not be loaded. */
  public record Found(List<ManagedPlugin> plugins, List<Failure> failures) {}

  private final Vertx vertx;
  private final ClassLoader hub;

  /** @param hub the hub's class loader: the classpath scanned, and the parent of the shared types */
  public PluginLoading(Vertx vertx, ClassLoader hub) {
    this.vertx = vertx;
    this.hub = hub;
  }

  /**
   * The plugins on the hub's classpath and in {@code dir}; each location of {@code dir} is recorded as
   * loaded in {@code watcher}, so that watching starts from what this scan saw.
   */
  public Future<Found> scanAll(Path dir, LocationWatcher watcher) {
    return offLoop(() -> {
      Found found = describe(PluginScanner.scanClasspath(hub));
      Found inDir = describe(PluginScanner.scanDirectory(dir, hub));
      found.plugins().addAll(inDir.plugins());
      found.failures().addAll(inDir.failures());
      locationsOf(dir).forEach(watcher::markLoaded);
      return found;
    });
  }

  /** The plugins of one jar, or folder of jars. */
  public Future<Found> scanLocation(Path location) {
    return offLoop(() -> describe(PluginScanner.scanLocation(location, hub)));
  }

  /** Runs plugin code of {@code loader}'s plugin (null: the classpath's), with it as the thread's context loader. */
  public <T> Future<T> underLoader(PluginClassLoader loader, Callable<T> code) {
    return offLoop(() -> {
      try (LoaderSwap swap = LoaderSwap.to(loader)) {
        return code.call();
      }
    });
  }

  /** Closes the class loaders of unloaded plugins (their jar files): never fails. */
  public Future<Void> close(Collection<PluginClassLoader> loaders) {
    return offLoop(() -> {
      loaders.stream().filter(Objects::nonNull).distinct().forEach(PluginScanner::closeQuietly);
      return (Void) null;
    }).otherwiseEmpty();
  }

  private <T> Future<T> offLoop(Callable<T> work) {
    // Unordered: loads are already serialized by the manager, and others' blocking work need not wait on them.
    return vertx.executeBlocking(work, false);
  }

  // Reads each plugin's name, version, categories and placement: plugin code, so here too.
  private static Found describe(PluginScanner.Result result) {
    List<ManagedPlugin> plugins = new ArrayList<>();
    result.candidates().forEach(c -> plugins.add(new ManagedPlugin(c)));
    return new Found(plugins, new ArrayList<>(result.failures()));
  }

  private static List<Path> locationsOf(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> Files.isDirectory(p) || p.getFileName().toString().endsWith(".jar")).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
