package dev.eventhub.runtime.plugin.impl;

import dev.eventhub.api.spi.HubPlugin;
import dev.eventhub.api.spi.PluginKind;
import dev.eventhub.api.spi.SinkPlugin;
import dev.eventhub.api.spi.SourcePlugin;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds plugins: on the hub's classpath, and in each jar or folder of jars in the plugins folder,
 * each under a {@link PluginClassLoader} of its own. A location that cannot be loaded becomes a
 * {@link Failure} naming it and the reason; the scan goes on. Scanning reads jars and runs the plugins'
 * class initializers and constructors: it blocks, and runs on worker threads ({@link PluginLoading}).
 */
public final class PluginScanner {
  /** A plugin found, not yet started. */
  public record Candidate(HubPlugin plugin, PluginKind kind, String location, PluginClassLoader loader) {}

  /** A location, or one provider in it, that could not be loaded. */
  public record Failure(String location, String name, String reason) {}

  /** What a scan found. */
  public record Result(List<Candidate> candidates, List<Failure> failures) {}

  // Bounds the retries of a ServiceLoader iterator that keeps failing on the same provider.
  private static final int MAX_PROVIDER_ERRORS = 100;

  private PluginScanner() {}

  /** The plugins the hub's own class loader sees. */
  public static Result scanClasspath(ClassLoader loader) {
    Result result = new Result(new ArrayList<>(), new ArrayList<>());
    load(SourcePlugin.class, PluginKind.SOURCE, loader, null, "classpath", result);
    load(SinkPlugin.class, PluginKind.SINK, loader, null, "classpath", result);
    return result;
  }

  /** The plugins in {@code dir}: each {@code *.jar} and each folder of jars, in name order. */
  public static Result scanDirectory(Path dir, ClassLoader hub) {
    Result result = new Result(new ArrayList<>(), new ArrayList<>());
    if (!Files.isDirectory(dir)) {
      return result;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.sorted().toList()) {
        if (isJar(entry) || Files.isDirectory(entry)) {
          scanLocation(entry, hub, result);
        }
      }
    } catch (IOException e) {
      result.failures().add(new Failure(dir.toString(), dir.getFileName().toString(), "cannot list: " + e.getMessage()));
    }
    return result;
  }

  /** The plugins of one jar or folder of jars. */
  public static Result scanLocation(Path location, ClassLoader hub) {
    Result result = new Result(new ArrayList<>(), new ArrayList<>());
    scanLocation(location, hub, result);
    return result;
  }

  private static void scanLocation(Path location, ClassLoader hub, Result result) {
    String name = location.getFileName().toString();
    List<URL> jars;
    try {
      jars = jarsOf(location);
    } catch (IOException e) {
      result.failures().add(new Failure(location.toString(), name, e.getMessage()));
      return;
    }
    if (jars.isEmpty()) {
      result.failures().add(new Failure(location.toString(), name, "no jar in this folder"));
      return;
    }
    PluginClassLoader loader = new PluginClassLoader(location.toString(), jars, hub);
    int before = result.candidates().size();
    load(SourcePlugin.class, PluginKind.SOURCE, loader, loader, location.toString(), result);
    load(SinkPlugin.class, PluginKind.SINK, loader, loader, location.toString(), result);
    if (result.candidates().size() == before) {
      closeQuietly(loader);
      if (result.failures().stream().noneMatch(f -> f.location().equals(location.toString()))) {
        result.failures().add(new Failure(location.toString(), name,
            "no plugin found: the jar has no META-INF/services entry for dev.eventhub.api.spi.SourcePlugin "
                + "or SinkPlugin"));
      }
    }
  }

  private static List<URL> jarsOf(Path location) throws IOException {
    List<Path> paths = new ArrayList<>();
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location)) {
        files.filter(PluginScanner::isJar).sorted().forEach(paths::add);
      }
    } else {
      paths.add(location);
    }
    List<URL> urls = new ArrayList<>();
    for (Path jar : paths) {
      checkJar(jar);
      urls.add(toUrl(jar));
    }
    return urls;
  }

  // Opening the jar reads its central directory: a truncated or corrupt file fails here, named.
  private static void checkJar(Path jar) throws IOException {
    try (JarFile ignored = new JarFile(jar.toFile())) {
      // Readable.
    } catch (IOException e) {
      throw new IOException("not a readable jar (" + jar.getFileName() + "): " + e.getMessage(), e);
    }
  }

  private static URL toUrl(Path jar) throws MalformedURLException {
    return jar.toUri().toURL();
  }

  private static boolean isJar(Path p) {
    return Files.isRegularFile(p) && p.getFileName().toString().endsWith(".jar");
  }

  private static <T extends HubPlugin> void load(
      Class<T> type, PluginKind kind, ClassLoader loader, PluginClassLoader own, String location, Result result) {
    Iterator<T> it = ServiceLoader.load(type, loader).iterator();
    int errors = 0;
    while (errors < MAX_PROVIDER_ERRORS) {
      try {
        if (!it.hasNext()) {
          return;
        }
        T plugin = it.next();
        // A provider seen through a parent belongs to the scan of that parent.
        if (own == null || plugin.getClass().getClassLoader() == own) {
          result.candidates().add(new Candidate(plugin, kind, location, own));
        }
      } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
        errors++;
        result.failures().add(new Failure(location, nameOf(location), describe(e)));
      }
    }
  }

  private static String nameOf(String location) {
    return Path.of(location).getFileName().toString();
  }

  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
    }
    return text.toString();
  }

  static void closeQuietly(PluginClassLoader loader) {
    try {
      loader.close();
    } catch (IOException ignored) {
      // Nothing left to release.
    }
  }
}
