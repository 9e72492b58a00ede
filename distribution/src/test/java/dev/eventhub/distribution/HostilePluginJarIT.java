package dev.eventhub.distribution;

import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Broken plugin jars dropped into a running distribution's {@code plugins/} (and two there from the
 * start): a corrupt or truncated zip, a {@code META-INF/services} entry naming what is not there or
 * not a plugin, a class that throws while it is created, a plugin that fails in {@code name()},
 * {@code validate} or {@code start}. The hub stays up and ready, lists the jar as failed with a
 * reason and no stack trace, and the bundled plugins and publishing go on.
 */
@AddLifecycleHook(HostileRun.class)
class HostilePluginJarIT {
  private static final Set<String> BUNDLED = Set.of("checkpoint", "dlq", "scheduler", "webhook", "websocket", "workflow",
      "mcp", "sse"); // issues 19, 21
  private static final String SERVICE = "dev.eventhub.api.spi.SourcePlugin";
  private static final AtomicInteger DROPPED = new AtomicInteger();
  private static HostileHub hub;
  private static String admin;

  /** What is wrong with a jar, and the detail the generator picked. */
  record Broken(String kind, String detail) {
    @Override
    public String toString() {
      return kind + " (" + HostileChecks.abbreviate(detail, 60) + ")";
    }
  }

  @BeforeContainer
  static void startHub() throws Exception {
    hub = HostileHub.start(Map.of("HUB_LOADER_WATCH_INTERVAL", "200ms"), home -> {
      build(new Broken("corrupt zip", "at startup"), home.resolve("plugins/broken-at-start.jar"), 0);
      build(new Broken("constructor throws", "IllegalStateException"), home.resolve("plugins/throws-at-start.jar"), 0);
    });
    admin = hub.token("admin publish:* subscribe:*");
    awaitFailed("broken-at-start.jar");
    awaitFailed("throws-at-start.jar");
  }

  @AfterContainer
  static void checkAndStopHub() throws Exception {
    if (hub == null) {
      return;
    }
    try (HostileHub h = hub) {
      h.checkAfterRun();
    }
  }

  @Property(tries = 4, shrinking = ShrinkingMode.OFF)
  void aBrokenJarIsReportedAndHurtsNothing(@ForAll("jars") Broken broken) throws Exception {
    int n = DROPPED.incrementAndGet();
    String name = "hostile-" + n + ".jar";
    Path staged = Files.createTempDirectory("hostile-jar").resolve(name);
    build(broken, staged, n);
    Path target = hub.process().home().resolve("plugins").resolve(name);
    // Moved in whole: the watcher never sees half a file of ours (only the halves we made on purpose).
    Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
    try {
      JsonObject entry = awaitFailed(name);
      String error = entry.getString("error");
      if (error.contains("\n") || error.matches("(?s).*\\bat [a-z]+\\.[a-z].*\\(.*")) {
        throw new AssertionError("the failure of " + broken + " is reported with a stack trace: " + error);
      }
      stillServing(broken);
    } finally {
      Files.deleteIfExists(target);
    }
  }

  private static void stillServing(Broken broken) throws Exception {
    RawHttp.Answer ready = hub.send("GET", "/ready", null, null, null);
    if (ready.status() != 200) {
      throw new AssertionError("/ready after " + broken + ": " + ready);
    }
    JsonArray plugins = new JsonObject(hub.send("GET", "/api/plugins", admin, null, null).body()).getJsonArray("plugins");
    for (Object p : plugins) {
      JsonObject plugin = (JsonObject) p;
      // By location: a broken jar may claim a bundled plugin's name (and is refused for it).
      String location = String.valueOf(plugin.getString("location"));
      boolean bundled = BUNDLED.stream().anyMatch(b -> location.endsWith("/plugins/" + b));
      if (bundled && !"running".equals(plugin.getString("state"))) {
        throw new AssertionError("bundled plugin not running after " + broken + ": " + plugin);
      }
    }
    byte[] body = HostileBodies.utf8("{\"category\":\"hostile-plugins\",\"event\":\"still-here\",\"data\":{}}");
    RawHttp.Answer published = hub.send("POST", "/api/events", admin, body, "application/json");
    if (published.status() != 201) {
      throw new AssertionError("publishing after " + broken + ": " + published);
    }
    hub.acknowledged(published, body);
  }

  /** Waits until {@code /api/plugins} lists the jar as failed; returns its entry. */
  private static JsonObject awaitFailed(String jarName) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    RawHttp.Answer last = null;
    while (System.nanoTime() < deadline) {
      last = hub.send("GET", "/api/plugins", admin, null, null);
      // The listing is the operator's report: a failed jar's reason may name the plugin's own exception.
      if (last.status() != 200) {
        throw new AssertionError("GET /api/plugins with " + jarName + " in plugins/: " + last);
      }
      for (Object p : new JsonObject(last.body()).getJsonArray("plugins")) {
        JsonObject plugin = (JsonObject) p;
        String location = String.valueOf(plugin.getString("location"));
        if (location.endsWith(jarName) && "failed".equals(plugin.getString("state"))) {
          if (plugin.getString("error") == null || plugin.getString("error").isBlank()) {
            throw new AssertionError(jarName + " failed without a reason: " + plugin);
          }
          return plugin;
        }
      }
    }
    throw new AssertionError(jarName + " never listed as failed within 60 s: " + last + "\n" + hub.process().output());
  }

  @Provide
  Arbitrary<Broken> jars() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 4096).map(n -> new Broken("corrupt zip", String.valueOf(n))),
        Arbitraries.doubles().between(0.05, 0.9).map(f -> new Broken("truncated jar", String.valueOf(f))),
        Arbitraries.of("does.not.Exist", "not a class name", "\u00ff\u00fe\u0000", "a.b.C d.e.F", "java.lang.String",
            "dev.eventhub.api.spi.SourcePlugin").map(s -> new Broken("services entry", s)),
        Arbitraries.of("IllegalStateException", "Error", "StackOverflowError", "static-init")
            .map(t -> new Broken("constructor throws", t)),
        Arbitraries.of("name() throws", "name() is not a name", "name() of a bundled plugin", "validate throws",
            "createVerticle throws", "start fails", "start throws").map(t -> new Broken("plugin fails", t)));
  }

  private static void build(Broken broken, Path target, int n) throws Exception {
    String pkg = "hostile.p" + n;
    switch (broken.kind()) {
      case "corrupt zip" -> {
        byte[] bytes = new byte[Integer.parseInt(broken.detail().equals("at startup") ? "512" : broken.detail())];
        new java.util.Random(bytes.length).nextBytes(bytes);
        if (bytes.length > 4) {
          bytes[0] = 'P';
          bytes[1] = 'K';
          bytes[2] = 3;
          bytes[3] = 4;
        }
        Files.write(target, bytes);
      }
      case "truncated jar" -> {
        Path whole = Files.createTempFile("whole", ".jar");
        PluginJar.create().source(pkg + ".Good", TestPluginSources.simple(pkg, "Good", "truncated-" + n, "truncated-" + n, "\"hi\""))
            .service(SERVICE, pkg + ".Good").build(whole);
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(target, Arrays.copyOf(bytes, (int) (bytes.length * Double.parseDouble(broken.detail()))));
      }
      case "services entry" -> PluginJar.create().service(SERVICE, broken.detail()).build(target);
      case "constructor throws" -> PluginJar.create().source(pkg + ".Throws", throwing(pkg, broken.detail()))
          .service(SERVICE, pkg + ".Throws").build(target);
      case "plugin fails" -> PluginJar.create().source(pkg + ".Fails", failing(pkg, n, broken.detail()))
          .service(SERVICE, pkg + ".Fails").build(target);
      default -> throw new IllegalArgumentException(broken.kind());
    }
  }

  private static String throwing(String pkg, String how) {
    String body = switch (how) {
      case "static-init" -> "static { if (true) throw new IllegalStateException(\"no\"); }\n public Throws() {}";
      case "StackOverflowError" -> "public Throws() { deep(0); }\n private static int deep(int i) { return deep(i + 1) + 1; }";
      case "Error" -> "public Throws() { throw new Error(\"no\"); }";
      default -> "public Throws() { throw new IllegalStateException(\"no\"); }";
    };
    return TestPluginSources.simple(pkg, "Throws", "throws", "throws", "\"hi\"")
        .replace("public class Throws implements SourcePlugin {", "public class Throws implements SourcePlugin {\n" + body);
  }

  private static String failing(String pkg, int n, String how) {
    String name = "fails-" + n;
    String start = "return Future.succeededFuture();";
    String source = switch (how) {
      case "start fails" -> TestPluginSources.plugin(pkg, "Fails", name, name, "return Future.failedFuture(\"no\");", "\"hi\"");
      case "start throws" -> TestPluginSources.plugin(pkg, "Fails", name, name, "if (true) throw new IllegalStateException(\"no\"); " + start, "\"hi\"");
      default -> TestPluginSources.plugin(pkg, "Fails", name, name, start, "\"hi\"");
    };
    return switch (how) {
      case "name() throws" -> source.replace("public String name() { return \"" + name + "\"; }",
          "public String name() { throw new IllegalStateException(\"no\"); }");
      case "name() is not a name" -> source.replace("return \"" + name + "\";", "return \"Not A Name/../\";");
      case "name() of a bundled plugin" -> source.replace("return \"" + name + "\";", "return \"websocket\";");
      case "validate throws" -> source.replace("public List<CategoryDescriptor> categories() {",
          "public void validate(JsonObject c) { throw new IllegalArgumentException(\"no\"); }\n"
              + "public List<CategoryDescriptor> categories() {");
      case "createVerticle throws" -> source.replace("public Deployable createVerticle(PluginContext ctx) {",
          "public Deployable createVerticle(PluginContext ctx) { if (true) throw new IllegalStateException(\"no\");");
      default -> source;
    };
  }

}
