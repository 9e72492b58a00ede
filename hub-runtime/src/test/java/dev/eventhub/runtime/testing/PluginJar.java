package dev.eventhub.runtime.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars at test time from Java source text, as Kafka's TestPlugins does: the loader
 * is tested against jars, never mocked.
 *
 * <pre>{@code
 * Path jar = PluginJar.create()
 *     .source("test.good.GoodPlugin", "package test.good; ...")
 *     .service("dev.eventhub.api.spi.SourcePlugin", "test.good.GoodPlugin")
 *     .version("1.2.3")
 *     .build(pluginsDir.resolve("good.jar"));
 * }</pre>
 */
public final class PluginJar {
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, List<String>> services = new LinkedHashMap<>();
  private final Map<String, byte[]> resources = new LinkedHashMap<>();
  private final List<Path> classpath = new ArrayList<>();
  private String version = "1.0.0";

  private PluginJar() {}

  public static PluginJar create() {
    return new PluginJar();
  }

  /** Adds a class from its fully qualified name and source text. */
  public PluginJar source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /** Adds a {@code META-INF/services} entry. */
  public PluginJar service(String serviceType, String implementation) {
    services.computeIfAbsent(serviceType, k -> new ArrayList<>()).add(implementation);
    return this;
  }

  public PluginJar resource(String path, String text) {
    resources.put(path, text.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** Compiles against these jars as well as the test's classpath (a library the plugin uses). */
  public PluginJar classpath(Path jar) {
    classpath.add(jar);
    return this;
  }

  /** The manifest's Implementation-Version. */
  public PluginJar version(String version) {
    this.version = version;
    return this;
  }

  /** Compiles the sources and writes the jar to {@code target}. */
  public Path build(Path target) {
    try {
      Path work = Files.createTempDirectory("plugin-jar");
      Path src = work.resolve("src");
      Path classes = work.resolve("classes");
      Files.createDirectories(classes);
      List<String> files = new ArrayList<>();
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        files.add(file.toString());
      }
      if (!files.isEmpty()) {
        compile(files, classes);
      }
      writeJar(classes, target);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void compile(List<String> files, Path classes) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringBuilder cp = new StringBuilder(System.getProperty("java.class.path"));
    classpath.forEach(p -> cp.append(java.io.File.pathSeparator).append(p));
    List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-nowarn", "-cp", cp.toString(),
        "-d", classes.toString()));
    args.addAll(files);
    java.io.ByteArrayOutputStream errors = new java.io.ByteArrayOutputStream();
    int rc = javac.run(null, errors, errors, args.toArray(new String[0]));
    if (rc != 0) {
      throw new IllegalStateException("test plugin does not compile:\n" + errors);
    }
  }

  private void writeJar(Path classes, Path target) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
    manifest.getMainAttributes().putValue("Implementation-Version", version);
    Files.createDirectories(target.toAbsolutePath().getParent());
    try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out, manifest)) {
      try (Stream<Path> walk = Files.walk(classes)) {
        for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
          put(jar, classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
        }
      }
      for (Map.Entry<String, List<String>> e : services.entrySet()) {
        put(jar, "META-INF/services/" + e.getKey(), (String.join("\n", e.getValue()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      for (Map.Entry<String, byte[]> e : resources.entrySet()) {
        put(jar, e.getKey(), e.getValue());
      }
    }
  }

  private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    jar.write(bytes);
    jar.closeEntry();
  }
}
