package dev.eventhub.runtime.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.PluginJar;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading a plugin runs plugin code (its class initializers and constructor while the jar is scanned,
 * {@code validate} and {@code createVerticle} when it starts) and blocking file I/O: none of it may hold
 * the event loop. The hub here has a single event loop, so a load that held it would stall every request;
 * the plugin blocks on a latch the test holds, tells the test it is waiting, and the hub must answer
 * {@code /health} meanwhile.
 */
class PluginLoadingOffLoopTest {
  private static final String SOURCE = "dev.eventhub.api.spi.SourcePlugin";
  // The plugin finds its latches here: java.* classes are shared by every class loader.
  private static final String GATE = "eventhub.test.gate.";

  @TempDir Path dir;
  @TempDir Path build;
  private Vertx hubVertx;
  private Vertx clientVertx;
  private WebClient client;
  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void vertx() {
    hubVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    clientVertx = Vertx.vertx();
    client = WebClient.create(clientVertx);
  }

  @AfterEach
  void close() {
    release.countDown();
    System.getProperties().remove(GATE + "scan");
    System.getProperties().remove(GATE + "create");
    TestHub.await(clientVertx.close());
    TestHub.await(hubVertx.close());
  }

  /** A plugin that, while the property {@code GATE + where} holds latches, waits on them in its constructor ("scan") or createVerticle ("create"). */
  private Path slowJar(String pkg) {
    String code = """
        package %s;

        import dev.eventhub.api.spi.*;
        import io.vertx.core.*;
        import java.util.List;
        import java.util.concurrent.CountDownLatch;
        import java.util.concurrent.TimeUnit;

        public class P implements SourcePlugin {
          public P() { gate("scan"); }
          public String name() { return "slow"; }
          public List<CategoryDescriptor> categories() { return List.of(); }
          public Deployable createVerticle(PluginContext ctx) {
            gate("create");
            return new VerticleBase() {
              @Override public Future<?> start() {
                ctx.mount("/api/slow", RouteAccess.ADMIN, req -> req.response().end("up"));
                return Future.succeededFuture();
              }
            };
          }
          private static void gate(String where) {
            if (System.getProperties().get("%s" + where) instanceof CountDownLatch[] latches) {
              latches[0].countDown();
              try {
                latches[1].await(2, TimeUnit.MINUTES);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        }
        """.formatted(pkg, GATE);
    return PluginJar.create().source(pkg + ".P", code).service(SOURCE, pkg + ".P").build(build.resolve(pkg + ".jar"));
  }

  private void holdAt(String where) {
    System.getProperties().put(GATE + where, new CountDownLatch[] {entered, release});
  }

  private void awaitEntered() throws InterruptedException {
    assertThat(entered.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the plugin reached its latch").isTrue();
  }

  private HubConfig config(UnaryOperator<HubConfig> customize) {
    return customize.apply(TestHub.config(dir).with("http.serverInstances", 1));
  }

  private HttpResponse<Buffer> get(int port, String path) {
    return TestHub.await(client.get(port, "127.0.0.1", path).timeout(TestHub.TIMEOUT_SECONDS * 1000).send());
  }

  @Test
  void shouldAnswerWhileAJarFoundAtStartupIsScanned() throws Exception {
    Files.copy(slowJar("test.slowstart"), Files.createDirectories(dir.resolve("plugins")).resolve("slow.jar"));
    holdAt("scan");
    Hub hub = Hub.create(hubVertx, config(c -> c.with("loader.watchInterval", 0)));
    Future<Hub> booting = hub.boot();
    int port = TestHub.await(hub.listening());
    awaitEntered();

    assertThat(get(port, "/health").statusCode()).isEqualTo(200);
    assertThat(get(port, "/ready").statusCode()).isEqualTo(503);

    release.countDown();
    TestHub.await(booting);
    assertThat(hub.plugins().running()).extracting(PluginInfo::name).containsExactly("slow");
    TestHub.await(hub.stop());
  }

  @Test
  void shouldAnswerWhileAHotDroppedJarIsScanned() throws Exception {
    Hub hub = TestHub.await(Hub.start(hubVertx, config(c -> c.with("loader.watchInterval", "50ms"))));
    holdAt("scan");
    Path jar = slowJar("test.slowdrop");
    Path tmp = Files.createDirectories(dir.resolve("plugins")).resolve(".slow.jar.tmp");
    Files.copy(jar, tmp);
    Files.move(tmp, dir.resolve("plugins/slow.jar"), StandardCopyOption.ATOMIC_MOVE);
    awaitEntered();

    assertThat(get(hub.port(), "/health").statusCode()).isEqualTo(200);

    release.countDown();
    // Changes apply one after the other: this scan completes once the dropped jar's load has.
    TestHub.await(hub.plugins().rescan());
    assertThat(hub.plugins().running()).extracting(PluginInfo::name).containsExactly("slow");
    TestHub.await(hub.stop());
  }

  @Test
  void shouldAnswerWhileAReloadedPluginIsCreated() throws Exception {
    Files.copy(slowJar("test.slowreload"), Files.createDirectories(dir.resolve("plugins")).resolve("slow.jar"));
    Hub hub = TestHub.await(Hub.start(hubVertx, config(c -> c.with("loader.watchInterval", 0))));
    String admin = hub.tokens().issue("test", java.util.Set.of("admin"), java.time.Duration.ofHours(1));
    holdAt("create");
    Future<HttpResponse<Buffer>> reload = client.post(hub.port(), "127.0.0.1", "/api/plugins/slow/reload")
        .bearerTokenAuthentication(admin).send();
    awaitEntered();

    assertThat(get(hub.port(), "/health").statusCode()).isEqualTo(200);

    release.countDown();
    HttpResponse<Buffer> reloaded = TestHub.await(reload);
    assertThat(reloaded.statusCode()).isEqualTo(200);
    assertThat(reloaded.bodyAsJsonObject().getString("state")).isEqualTo("running");
    TestHub.await(hub.stop());
  }
}
