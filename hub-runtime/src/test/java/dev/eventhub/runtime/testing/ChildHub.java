package dev.eventhub.runtime.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hub in a child JVM (the test's own classpath, the real launcher), for what a test cannot do
 * in-process: kill -9.
 */
public final class ChildHub implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("hub listening on http://[^:]+:(\\d+)");

  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private ChildHub(Process process) {
    this.process = process;
    Thread reader = new Thread(this::read, "child-hub-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a hub with everything under {@code dir}, the test secret, and {@code env} on top. */
  public static ChildHub start(Path dir, Map<String, String> env) throws IOException {
    return start(dir, env, List.of());
  }

  /** As {@link #start(Path, Map)}, with extra JVM flags. */
  public static ChildHub start(Path dir, Map<String, String> env, List<String> jvmFlags) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-Dhub.home=" + dir));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.eventhub.runtime.Launcher"));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("HUB_"));
    pb.environment().put("HUB_HTTP_HOST", "127.0.0.1");
    pb.environment().put("HUB_HTTP_PORT", "0");
    pb.environment().put("HUB_DATA_DIR", dir.resolve("data").toString());
    pb.environment().put("HUB_LOADER_DIR", dir.resolve("plugins").toString());
    pb.environment().put("HUB_AUTH_JWT_SECRET", TestHub.SECRET);
    pb.environment().putAll(env);
    return new ChildHub(pb.start());
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
      // The process is gone.
    }
    IllegalStateException gone = new IllegalStateException("child hub exited:\n" + String.join("\n", output));
    port.completeExceptionally(gone);
    ready.completeExceptionally(gone);
  }

  /** Waits for "hub ready" and returns the port. */
  public int awaitReady() throws Exception {
    ready.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    return port.get(1, TimeUnit.SECONDS);
  }

  /** Waits until the HTTP server listens (before plugins start, and in a cluster before catching up). */
  public int awaitListening() throws Exception {
    return port.get(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  /** kill -9: no shutdown hook, no flush. */
  public void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
  }

  public String output() {
    return String.join("\n", output);
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
  }
}
