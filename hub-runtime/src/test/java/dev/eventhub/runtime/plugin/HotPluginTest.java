package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.runtime.testing.TestPluginSources;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins added, replaced and removed under a running hub. */
class HotPluginTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";

  @TempDir Path dir;
  @TempDir Path build;

  /** A plugin that publishes {@code started} with its version when it starts and answers it on its route. */
  private Path jar(String name, String category, String version) {
    String pkg = "test." + name.replace("-", "") + "." + version.replace(".", "_").replaceAll("^(\\d)", "v$1");
    String start = "return ctx.publisher().publish(EventDraft.of(\"" + category + "\", \"started\", \"" + name
        + "\", new JsonObject().put(\"version\", \"" + version + "\")));";
    return PluginJar.create()
        .source(pkg + ".P", TestPluginSources.plugin(pkg, "P", name, category, start, "\"" + version + "\""))
        .service(SOURCE, pkg + ".P")
        .version(version)
        .build(build.resolve(name + "-" + version + ".jar"));
  }

  @Test
  void shouldLoadReplaceAndUnloadJarsWhileTheHubAndOtherPluginsRunOn() throws Exception {
    Files.createDirectories(dir.resolve("plugins"));
    Files.copy(jar("steady", "steady", "1.0"), dir.resolve("plugins/steady.jar"));
    try (TestHub hub = TestHub.start(dir, c -> c.with("loader.watchInterval", 0))) {
      PluginManager manager = hub.hub().plugins();
      List<HubEvent> hotEvents = new CopyOnWriteArrayList<>();
      hub.hub().interest().want("hot");
      hub.vertx().eventBus().<HubEvent>consumer("hub.events.hot", m -> hotEvents.add(m.body()));
      String token = hub.adminToken();

      // A half-copied jar is not loaded.
      byte[] v1 = Files.readAllBytes(jar("hot", "hot", "1.0"));
      Files.write(dir.resolve("plugins/hot.jar"), Arrays.copyOf(v1, v1.length / 2));
      TestHub.await(manager.rescan());
      assertThat(PluginDiscoveryTest.plugins(hub)).doesNotContainKey("hot").doesNotContainKey("hot.jar");

      // Once the copy is complete and has settled, it is loaded and started.
      Files.write(dir.resolve("plugins/hot.jar"), v1);
      TestHub.await(manager.rescan());
      awaitStarted(hub, "1.0", () -> TestHub.await(manager.rescan()));
      assertThat(hub.get("/api/hot/hello", token).bodyAsString()).isEqualTo("1.0");
      WeakReference<ClassLoader> v1Loader = new WeakReference<>(manager.loaderOf("hot"));

      // Replaced: stopped, then started at the new version with a new class loader.
      replace(jar("hot", "hot", "2.0"), dir.resolve("plugins/hot.jar"));
      awaitStarted(hub, "2.0", () -> {
        TestHub.await(manager.rescan());
        TestHub.await(manager.rescan());
      });
      assertThat(hub.get("/api/hot/hello", token).bodyAsString()).isEqualTo("2.0");
      assertThat(PluginDiscoveryTest.plugin(hub, "hot").getString("version")).isEqualTo("2.0");
      assertCollected(v1Loader);
      WeakReference<ClassLoader> v2Loader = new WeakReference<>(manager.loaderOf("hot"));

      // Removed: stopped, routes gone, class loader released.
      Files.delete(dir.resolve("plugins/hot.jar"));
      TestHub.await(manager.rescan());
      assertThat(PluginDiscoveryTest.plugins(hub)).doesNotContainKey("hot");
      assertThat(hub.get("/api/hot/hello", token).statusCode()).isEqualTo(404);
      assertCollected(v2Loader);

      // The other plugin never noticed: started once, still running, still answering.
      assertThat(PluginDiscoveryTest.plugin(hub, "steady").getString("state")).isEqualTo("running");
      var steadyStarts = hub.get("/api/events?categories=steady", token).bodyAsJsonObject().getJsonArray("events");
      assertThat(steadyStarts).hasSize(1);
      assertThat(hub.get("/api/steady/hello", token).bodyAsString()).isEqualTo("1.0");
      assertThat(hotEvents).extracting(e -> e.data().getString("version")).containsExactly("1.0", "2.0");
    }
  }

  @Test
  void shouldPickUpADroppedJarByItselfWhenWatching() throws Exception {
    try (TestHub hub = TestHub.start(dir, c -> c.with("loader.watchInterval", "100ms"))) {
      Promise<HubEvent> started = Promise.promise();
      hub.hub().interest().want("dropped");
      MessageConsumer<HubEvent> consumer =
          hub.vertx().eventBus().consumer("hub.events.dropped", m -> started.tryComplete(m.body()));
      TestHub.await(consumer.completion());
      Files.createDirectories(dir.resolve("plugins"));
      replace(jar("dropped", "dropped", "3.1"), dir.resolve("plugins/dropped.jar"));
      assertThat(TestHub.await(started.future()).data().getString("version")).isEqualTo("3.1");
    }
  }

  @Test
  void shouldStopStartAndReloadAPluginOverTheAdminApi() throws Exception {
    Files.createDirectories(dir.resolve("plugins"));
    Files.copy(jar("managed", "managed", "1.0"), dir.resolve("plugins/managed.jar"));
    try (TestHub hub = TestHub.start(dir, c -> c.with("loader.watchInterval", 0))) {
      String admin = hub.adminToken();
      assertThat(hub.post("/api/plugins/managed/stop", admin, null).bodyAsJsonObject().getString("state"))
          .isEqualTo("stopped");
      assertThat(hub.get("/api/managed/hello", admin).statusCode()).isEqualTo(404);
      assertThat(hub.post("/api/plugins/managed/start", admin, null).bodyAsJsonObject().getString("state"))
          .isEqualTo("running");
      assertThat(hub.post("/api/plugins/managed/start", admin, null).statusCode()).isEqualTo(409);
      replace(jar("managed", "managed", "1.1"), dir.resolve("plugins/managed.jar"));
      JsonObject reloaded = hub.post("/api/plugins/managed/reload", admin, null).bodyAsJsonObject();
      assertThat(reloaded.getString("version")).isEqualTo("1.1");
      assertThat(hub.get("/api/managed/hello", admin).bodyAsString()).isEqualTo("1.1");
      assertThat(hub.post("/api/plugins/nope/stop", admin, null).statusCode()).isEqualTo(404);
      assertThat(hub.post("/api/plugins/managed/stop", hub.token("subscribe:*"), null).statusCode()).isEqualTo(403);
    }
  }

  @Test
  void shouldCountAnExceptionAPluginThrowsAgainstItAndKeepRunning() throws Exception {
    String start = """
        vertx.setTimer(1, t -> { throw new IllegalStateException("handler blew up"); });
        return Future.succeededFuture();""";
    PluginJar.create()
        .source("test.oops.P", TestPluginSources.plugin("test.oops", "P", "oops", "oops", start, "\"still here\""))
        .service(SOURCE, "test.oops.P")
        .build(dir.resolve("plugins/oops.jar"));
    // The hub logs the exception once it has counted it: the test waits for that line, not for a number of polls.
    Promise<String> logged = Promise.promise();
    java.util.logging.Handler capture = logCapture(r -> {
      if (r.getMessage() != null && r.getMessage().startsWith("uncaught exception in plugin oops")) {
        logged.tryComplete(r.getMessage());
      }
    });
    java.util.logging.Logger hubLog = java.util.logging.Logger.getLogger(dev.eventhub.runtime.Hub.class.getName());
    hubLog.addHandler(capture);
    try (TestHub hub = TestHub.start(dir)) {
      assertThat(TestHub.await(logged.future())).contains("handler blew up");
      JsonObject oops = PluginDiscoveryTest.plugin(hub, "oops");
      assertThat(oops.getLong("errors")).isEqualTo(1);
      assertThat(oops.getString("state")).isEqualTo("running");
      assertThat(hub.get("/api/oops/hello", hub.adminToken()).bodyAsString()).isEqualTo("still here");
    } finally {
      hubLog.removeHandler(capture);
    }
  }

  @Test
  void shouldReportAPluginThatBlocksItsEventLoopAndKeepServing() throws Exception {
    // The plugin blocks its event loop until the checker has reported it (at most a minute): a fixed
    // block could end before a busy machine ran the checker.
    String start = "long until = System.nanoTime() + 60_000_000_000L;"
        + " while (System.getProperty(\"test.hog.reported\") == null && System.nanoTime() < until) { Thread.onSpinWait(); }"
        + " return Future.succeededFuture();";
    PluginJar.create()
        .source("test.hog.P", TestPluginSources.plugin("test.hog", "P", "hog", "hogs", start, "\"fine\""))
        .service(SOURCE, "test.hog.P")
        .build(dir.resolve("plugins/hog.jar"));
    java.util.logging.Logger checker = java.util.logging.Logger.getLogger("io.vertx.core.impl.BlockedThreadChecker");
    Promise<String> warned = Promise.promise();
    java.util.logging.Handler capture = logCapture(r -> {
      warned.tryComplete(r.getMessage());
      System.setProperty("test.hog.reported", "true");
    });
    checker.addHandler(capture);
    try (TestHub hub = TestHub.start(dir, c -> c.with("runtime.blockedThreadWarning", "100ms"))) {
      assertThat(TestHub.await(warned.future())).contains("has been blocked");
      assertThat(PluginDiscoveryTest.plugin(hub, "hog").getString("state")).isEqualTo("running");
      assertThat(hub.get("/api/hogs/hello", hub.adminToken()).bodyAsString()).isEqualTo("fine");
    } finally {
      checker.removeHandler(capture);
      System.clearProperty("test.hog.reported");
    }
  }

  private static java.util.logging.Handler logCapture(java.util.function.Consumer<java.util.logging.LogRecord> sink) {
    return new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) {
        sink.accept(r);
      }
      @Override public void flush() { }
      @Override public void close() { }
    };
  }

  private static void replace(Path source, Path target) throws Exception {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
    // A new modification time even on file systems with coarse timestamps.
    Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitStarted(TestHub hub, String version, Runnable scan) {
    for (int i = 0; i < 5; i++) {
      scan.run();
      JsonObject hot = PluginDiscoveryTest.plugins(hub).get("hot");
      if (hot != null && version.equals(hot.getString("version")) && "running".equals(hot.getString("state"))) {
        return;
      }
    }
    throw new AssertionError("hot " + version + " did not start: " + PluginDiscoveryTest.plugins(hub));
  }

  private static void assertCollected(WeakReference<ClassLoader> ref) {
    for (int i = 0; i < 50 && ref.get() != null; i++) {
      System.gc();
      byte[][] pressure = new byte[16][];
      for (int j = 0; j < pressure.length; j++) {
        pressure[j] = new byte[1 << 20];
      }
    }
    assertThat(ref.get()).as("the unloaded plugin's class loader is unreachable").isNull();
  }
}
