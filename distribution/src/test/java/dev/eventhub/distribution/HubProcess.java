package dev.eventhub.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The unpacked distribution run as a child process through {@code bin/hub}, as an operator runs it. */
final class HubProcess implements AutoCloseable {
  /** The bound of every wait on the child: a JVM starting on a machine whose cores run several builds is slow. */
  static final Duration TIMEOUT = Duration.ofSeconds(120);
  // Also in a JSON log line (HUB_LOG_FORMAT=json), where '/' is written as '\/'.
  private static final Pattern LISTENING = Pattern.compile("hub listening on http:(?:\\\\?/){2}[^:]+:(\\d+)");

  private final Path home;
  private final Process process;
  private final List<String> output = new CopyOnWriteArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final Thread reader;
  private final Object newLine = new Object();
  private volatile boolean ended;
  // Bounds for a hung hub only: a stopped or killed one refuses or resets at once.
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  private HubProcess(Path home, Map<String, String> env) throws IOException {
    this.home = home;
    ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/hub").toString()).redirectErrorStream(true);
    pb.environment().put("HUB_HTTP_PORT", "0");
    pb.environment().put("HUB_HTTP_HOST", "127.0.0.1");
    pb.environment().putAll(env);
    pb.environment().keySet().removeIf(k -> k.startsWith("HUB_") && !k.startsWith("HUB_HTTP") && !env.containsKey(k));
    this.process = pb.start();
    this.reader = new Thread(this::readOutput, "hub-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Copies the built distribution to {@code dir} (so each test has its own data/ and plugins/). */
  static Path install(Path dir) throws IOException {
    Path dist = Path.of(System.getProperty("hub.dist", "target/hub-dist"));
    if (!Files.isDirectory(dist)) {
      throw new IllegalStateException("no unpacked distribution at " + dist + ": run mvn package first");
    }
    try (Stream<Path> files = Files.walk(dist, FileVisitOption.FOLLOW_LINKS)) {
      for (Path source : files.toList()) {
        Path target = dir.resolve(dist.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return dir;
  }

  static HubProcess start(Path home, Map<String, String> env) throws IOException {
    return new HubProcess(home, env);
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        output.add(line);
        synchronized (newLine) {
          newLine.notifyAll();
        }
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
    ended = true;
    synchronized (newLine) {
      newLine.notifyAll();
    }
    port.completeExceptionally(new IllegalStateException("the hub exited before listening:\n" + output()));
    ready.completeExceptionally(new IllegalStateException("the hub exited before it was ready:\n" + output()));
  }

  /** Waits until the log says "hub ready"; returns the HTTP port. */
  int awaitReady() throws Exception {
    ready.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    return port.get(1, TimeUnit.SECONDS);
  }

  String output() {
    return String.join("\n", output);
  }

  /** Waits (without spinning: the hub needs the CPU to write it) for the {@code n}th line containing {@code text}. */
  String awaitLine(String text, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    synchronized (newLine) {
      while (true) {
        List<String> matching = output.stream().filter(line -> line.contains(text)).toList();
        if (matching.size() >= n) {
          return matching.get(n - 1);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || ended) {
          throw new AssertionError("the hub never logged " + text + " (" + n + "):\n" + output());
        }
        TimeUnit.NANOSECONDS.timedWait(newLine, left);
      }
    }
  }

  HttpResponse<String> request(String method, String path, String token, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + awaitReady() + path))
        .timeout(Duration.ofSeconds(60))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Runs {@code bin/hub <args>} to completion and returns its standard output. */
  static String run(Path home, String... args) throws Exception {
    return run(home, Map.of(), args);
  }

  /** Runs {@code bin/hub <args>} with {@code env} added to the environment. */
  static String run(Path home, Map<String, String> env, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/hub").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("bin/hub " + String.join(" ", args) + " failed: " + out);
    }
    return out;
  }

  /** Sends SIGTERM and waits for the exit code. */
  int terminate() throws InterruptedException {
    // Through the handle: Process.destroy() would also close our end of the output pipe, losing the last lines.
    process.toHandle().destroy();
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("the hub did not stop within " + TIMEOUT + " of SIGTERM:\n" + output());
    }
    reader.join(TIMEOUT.toMillis());
    return process.exitValue();
  }

  /** Waits for the process to exit by itself (a failed start), returning its exit code. */
  int terminateOrExit() throws InterruptedException {
    if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      return terminate();
    }
    reader.join(TIMEOUT.toMillis());
    return process.exitValue();
  }

  Path home() {
    return home;
  }

  /** kill -9: no shutdown hook runs, nothing is flushed. */
  void kill() throws InterruptedException {
    process.toHandle().destroyForcibly();
    process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static void uncheckedDelete(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
