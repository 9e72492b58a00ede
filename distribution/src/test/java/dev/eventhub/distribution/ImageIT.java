package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 5: the container image tar that {@code mvn -Pimage} builds with Jib (FROM scratch). Checks its
 * manifest and configuration, that its tree is the zip's, and runs it without Docker: the layers unpacked into a
 * folder, the entrypoint started there with {@code chroot} as the image's user, until {@code /ready} answers 200.
 * That proves the jlink'ed runtime and the C libraries are complete (SQLite's native library included).
 */
class ImageIT {
  private static final Duration TIMEOUT = HubProcess.TIMEOUT;
  private static final Pattern LISTENING = Pattern.compile("hub listening on http:(?:\\\\?/){2}[^:]+:(\\d+)");
  private static final String UNSHARE = "/usr/bin/unshare";
  private static final String CHROOT = "/usr/sbin/chroot";
  private static final List<String> ENTRYPOINT = List.of("/opt/hub/jre/bin/java", "-Dhub.home=/opt/hub", "-cp",
      "/opt/hub/lib/*", "dev.eventhub.runtime.Launcher");

  @TempDir static Path work;
  static Path dist;
  static String version;
  static JsonObject manifest;
  static JsonObject config;
  static Path root;

  @BeforeAll
  static void unpack() throws Exception {
    String tar = System.getProperty("hub.image.tar");
    assumeTrue(tar != null, "the image is built by the 'image' profile only: mvn -Pimage ... (./run-tests passes it)");
    assertThat(Path.of(tar)).as("the image profile builds the tar before the tests").isRegularFile();
    dist = Path.of(System.getProperty("hub.dist"));
    version = dist.getFileName().toString().substring("hub-".length());
    Path image = Files.createDirectories(work.resolve("image"));
    exec(List.of("tar", "--warning=no-unknown-keyword", "-xf", tar, "-C", image.toString()));
    manifest = new JsonArray(Files.readString(image.resolve("manifest.json"))).getJsonObject(0);
    config = new JsonObject(Files.readString(image.resolve(manifest.getString("Config"))));
    // The file system a container starts with: every layer in order (no layer deletes anything).
    root = Files.createDirectories(work.resolve("root"));
    for (Object layer : manifest.getJsonArray("Layers")) {
      exec(List.of("tar", "--warning=no-unknown-keyword", "-xzf", image.resolve((String) layer).toString(), "-C",
          root.toString()));
    }
  }

  @Test
  void shouldNameTheImageAndDescribeIt() {
    assertThat(manifest.getJsonArray("RepoTags").getList()).containsExactly("eventhub/hub:" + version);
    assertThat(config.getString("os")).isEqualTo("linux");
    assertThat(config.getString("architecture")).isEqualTo(System.getProperty("hub.image.arch"));
    JsonObject labels = config.getJsonObject("config").getJsonObject("Labels");
    assertThat(labels.getString("org.opencontainers.image.version")).isEqualTo(version);
    assertThat(labels.getString("org.opencontainers.image.licenses")).isEqualTo("Apache-2.0");
    assertThat(labels.getString("org.opencontainers.image.title")).isNotBlank();
  }

  @Test
  void shouldRunTheHubAsANonRootUserWithItsPortVolumeAndWorkingDirectory() throws Exception {
    JsonObject c = config.getJsonObject("config");
    assertThat(c.getJsonArray("Entrypoint").getList()).isEqualTo(ENTRYPOINT);
    assertThat(c.getJsonArray("Cmd").getList()).containsExactly("run");
    String user = c.getString("User");
    assertThat(user).isEqualTo("10001:0");
    assertThat(Files.readAllLines(root.resolve("etc/passwd"))).anyMatch(l -> l.startsWith("hub:x:10001:0:"));
    // The port the hub listens on by default (the shipped conf/hub.json) is the one exposed.
    int port = new JsonObject(Files.readString(dist.resolve("conf/hub.json"))).getJsonObject("http").getInteger("port");
    assertThat(c.getJsonObject("ExposedPorts").fieldNames()).containsExactly(port + "/tcp");
    assertThat(c.getJsonObject("Volumes").fieldNames()).containsExactly("/opt/hub/data");
    assertThat(c.getString("WorkingDir")).isEqualTo("/opt/hub");
    assertThat(c.getJsonArray("Env").getList()).contains("JAVA_HOME=/opt/hub/jre");
  }

  @Test
  void shouldHoldTheZipsTreeAndNothingElseOfTheBuild() throws Exception {
    Path hub = root.resolve("opt/hub");
    for (String dir : List.of("lib", "plugins/websocket", "plugins/webhook", "dashboards", "conf")) {
      assertThat(names(hub.resolve(dir))).as(dir).isEqualTo(names(dist.resolve(dir)));
    }
    assertThat(root.resolve("app")).as("Jib's own classpath layout is filtered out").doesNotExist();
    assertThat(names(hub.resolve("data"))).as("the volume starts empty").isEmpty();
    assertThat(Files.getPosixFilePermissions(hub.resolve("data"))).isEqualTo(PosixFilePermissions.fromString("rwxrwx---"));
    assertThat(Files.isDirectory(root.resolve("tmp"))).isTrue();
    // Layers from the least to the most often changed: the runtime with its C libraries, then the hub's lib/,
    // its plugins/, the rest; each tree in one layer only.
    assertThat(manifest.getJsonArray("Layers")).hasSize(4);
    assertThat(layerOf("opt/hub/jre/bin/java")).isEqualTo(layerOf("lib/x86_64-linux-gnu/libc.so.6".replace(
        "x86_64", "amd64".equals(System.getProperty("hub.image.arch")) ? "x86_64" : "aarch64")));
    assertThat(layerOf("opt/hub/lib/" + names(dist.resolve("lib")).get(0))).isNotEqualTo(layerOf("opt/hub/jre/bin/java"));
  }

  @Test
  void shouldTrustTheCommonCertificateAuthoritiesAndSpeakModernTls() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(root.resolve("opt/hub/jre/lib/security/cacerts"))) {
      // As the JDK opens its trust store: without a password (an encrypted store would read as empty).
      store.load(in, null);
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(store);
    assertThat(((X509TrustManager) trust.getTrustManagers()[0]).getAcceptedIssuers()).as("Mozilla's CA list")
        .hasSizeGreaterThan(100);
    // EC keys (most TLS servers') and the rest the hub uses at run time.
    assertThat(Files.readString(root.resolve("opt/hub/jre/release")))
        .contains("jdk.crypto.ec", "jdk.unsupported", "java.net.http", "java.sql", "java.management");
  }

  @Test
  void shouldStartInTheImageAsItsUserAndAnswerReadyAndTheHealthCheck() throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of(UNSHARE))
        && Files.isExecutable(Path.of(CHROOT)), "running the image without Docker needs root, unshare and chroot "
        + "(CI runs as root); the checks of the tar ran");
    List<String> env = new ArrayList<>(config.getJsonObject("config").getJsonArray("Env").getList());
    env.add("HUB_HTTP_PORT=0");
    env.add("HUB_HTTP_HOST=127.0.0.1");
    try (ChrootProcess hub = ChrootProcess.start(root, env, config.getJsonObject("config"))) {
      int port = hub.awaitReady();
      HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/ready")).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      // The health check an operator configures (docs/operations.md), run in the image as its user.
      List<String> health = new ArrayList<>(ChrootProcess.command(root, config.getJsonObject("config").getString("User")));
      health.addAll(ENTRYPOINT);
      health.addAll(List.of("health", "--url", "http://127.0.0.1:" + port));
      assertThat(exec(health)).contains("ready");
      // The hub wrote its secret and its log into the volume as the image's user.
      assertThat(names(root.resolve("opt/hub/data"))).contains("token-secret");
      assertThat(hub.terminate()).as(hub.output()).isZero();
    }
  }

  /** The index of the layer (in the manifest's order) that holds {@code path}. */
  private static int layerOf(String path) throws Exception {
    JsonArray layers = manifest.getJsonArray("Layers");
    for (int i = 0; i < layers.size(); i++) {
      String list = exec(List.of("tar", "--warning=no-unknown-keyword", "-tzf",
          work.resolve("image").resolve(layers.getString(i)).toString()));
      if (list.lines().anyMatch(l -> l.equals(path) || l.equals("/" + path) || l.equals("./" + path))) {
        return i;
      }
    }
    throw new AssertionError(path + " is in no layer");
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Runs a command to its end; returns its output, failing with it on a non-zero exit. */
  static String exec(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", command) + " failed:\n" + out);
    }
    return out;
  }

  /** The image's entrypoint and command started in its unpacked file system, as its user, with its environment. */
  static final class ChrootProcess implements AutoCloseable {
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final Thread reader;

    private ChrootProcess(Process process) {
      this.process = process;
      this.reader = new Thread(this::read, "image-hub-output");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * As a container runtime would: in a mount namespace of its own, /proc mounted in the image's tree (the loader
     * finds the JRE's libraries through /proc/self/exe), then chroot as the image's user. Each step execs the next:
     * the process started is the hub's JVM itself, which a signal stops; the mount goes with it.
     */
    static List<String> command(Path root, String user) throws IOException {
      Files.createDirectories(root.resolve("proc"));
      return List.of(UNSHARE, "--mount", "--propagation", "private", "/bin/sh", "-c",
          "mount -t proc proc \"$0/proc\" && exec " + CHROOT + " --userspec=" + user + " \"$0\" \"$@\"",
          root.toString());
    }

    static ChrootProcess start(Path root, List<String> env, JsonObject config) throws IOException {
      List<String> command = new ArrayList<>(command(root, config.getString("User")));
      config.getJsonArray("Entrypoint").forEach(a -> command.add((String) a));
      config.getJsonArray("Cmd").forEach(a -> command.add((String) a));
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      Map<String, String> environment = pb.environment();
      environment.clear();
      for (String entry : env) {
        int eq = entry.indexOf('=');
        environment.put(entry.substring(0, eq), entry.substring(eq + 1));
      }
      return new ChrootProcess(pb.start());
    }

    private void read() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          output.add(line);
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
          if (line.contains("hub ready")) {
            ready.complete(null);
          }
        }
      } catch (IOException e) {
        // The process ended.
      }
      ready.completeExceptionally(new IllegalStateException("the hub in the image exited before it was ready:\n" + output()));
      port.completeExceptionally(new IllegalStateException("the hub in the image never listened:\n" + output()));
    }

    int awaitReady() throws Exception {
      ready.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return port.get(1, TimeUnit.SECONDS);
    }

    String output() {
      return String.join("\n", output);
    }

    int terminate() throws InterruptedException {
      process.toHandle().destroy();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the hub in the image did not stop on SIGTERM:\n" + output());
      }
      reader.join(TIMEOUT.toMillis());
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }
}
