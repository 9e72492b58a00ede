package dev.eventhub.kafka.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath of the broker's child JVM.
 *
 * <p>First choice: {@code broker.classpath}, written at build time by maven-dependency-plugin from this module's own
 * resolved runtime dependencies (absolute paths into the local repository), plus the location of this module's
 * classes (for {@link NodeMain}). It does not depend on how the calling JVM was started nor on what else it has on
 * its classpath. Fallback, when that file is missing or names a jar that is gone (the module's jar copied elsewhere):
 * the calling JVM's own {@code java.class.path}, with the {@code Class-Path} of manifest-only jars (surefire's and
 * failsafe's booter jars) expanded.
 */
final class ChildClasspath {

  private ChildClasspath() {
  }

  static String resolve() {
    Set<String> entries = new LinkedHashSet<>();
    entries.add(ownLocation().toString());
    List<String> built = fromBuild();
    if (built.isEmpty() || !built.stream().allMatch(entry -> Files.exists(Path.of(entry)))) {
      built = fromRunningJvm();
    }
    entries.addAll(built);
    return String.join(File.pathSeparator, entries);
  }

  private static Path ownLocation() {
    try {
      return Path.of(ChildClasspath.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the kafka-test-broker classes", e);
    }
  }

  private static List<String> fromBuild() {
    try (InputStream in = ChildClasspath.class.getResourceAsStream("broker.classpath")) {
      if (in == null) {
        return List.of();
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      List<String> entries = new ArrayList<>();
      for (String entry : text.split(File.pathSeparator)) {
        if (!entry.isBlank()) {
          entries.add(entry.trim());
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read broker.classpath", e);
    }
  }

  /** This JVM's classpath entries, manifest-only jars expanded (package-private for its test). */
  static List<String> fromRunningJvm() {
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      if (entry.isBlank()) {
        continue;
      }
      entries.add(entry);
      entries.addAll(manifestClassPath(Path.of(entry)));
    }
    return entries;
  }

  /** The Class-Path of a jar's manifest (URLs relative to the jar), empty for a directory or a jar without one. */
  private static List<String> manifestClassPath(Path jar) {
    if (!Files.isRegularFile(jar) || !jar.toString().endsWith(".jar")) {
      return List.of();
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      if (classPath == null) {
        return List.of();
      }
      URL base = jar.toUri().toURL();
      List<String> entries = new ArrayList<>();
      for (String ref : classPath.trim().split("\\s+")) {
        entries.add(Path.of(new URL(base, ref).toURI()).toString());
      }
      return entries;
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot read the manifest of " + jar, e);
    }
  }
}
