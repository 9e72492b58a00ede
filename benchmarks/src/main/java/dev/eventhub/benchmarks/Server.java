package dev.eventhub.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server under test, as a child process: the hub started from the distribution with {@code bin/hub}
 * (a fresh data directory, auth on, its durable log as shipped), or the bare fan-out server in a JVM
 * of its own. Both get the same JVM flags.
 */
final class Server implements AutoCloseable {
  enum Kind { HUB, BARE }

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Pattern HUB_LISTENING = Pattern.compile("hub listening on http://[^:]+:(\\d+)");
  private static final Pattern BARE_LISTENING = Pattern.compile(Pattern.quote(BareFanoutServer.LISTENING) + "(\\d+)");
  private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
  private static final Pattern THREAD = Pattern.compile("(?m)^\"([^\"]+)\".*? nid=0x([0-9a-f]+)");

  private final Kind kind;
  private volatile String name;
  private final Process process;
  private final Path dataDir;
  private final String token;
  private final Deque<String> output = new ArrayDeque<>();
  private final CompletableFuture<Integer> ready = new CompletableFuture<>();
  private int port;

  private Server(Kind kind, ProcessBuilder builder, Path dataDir, String token) throws IOException {
    this.kind = kind;
    this.name = kind == Kind.HUB ? "hub" : "bare";
    this.dataDir = dataDir;
    this.token = token;
    this.process = builder.redirectErrorStream(true).start();
    Thread reader = new Thread(this::readOutput, kind.name().toLowerCase() + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code dist/bin/hub} on a loopback port of its own, with a new data directory and a known secret. */
  static Server hub(Path dist, String jvmFlags) throws Exception {
    return hub(dist, jvmFlags, Map.of());
  }

  /** As {@link #hub(Path, String)}, with settings as {@code HUB_*} environment variables (S7: compression on). */
  static Server hub(Path dist, String jvmFlags, Map<String, String> extraEnv) throws Exception {
    return launchHub(dist, jvmFlags, "bench-" + UUID.randomUUID() + UUID.randomUUID(), extraEnv).awaitReady();
  }

  /**
   * K4 (issue 24): starts {@code dist/bin/hub} on the data directory {@code data}, filled beforehand, which it leaves
   * in place when it stops; waits up to {@code startTimeout} (the hub reads its log's counts when it starts).
   */
  static Server hubOn(Path dist, String jvmFlags, Path data, Map<String, String> extraEnv, Duration startTimeout)
      throws Exception {
    String secret = "bench-" + UUID.randomUUID() + UUID.randomUUID();
    Map<String, String> env = new java.util.HashMap<>(extraEnv);
    env.put("HUB_DATA_DIR", data.toString());
    return launch(dist, jvmFlags, secret, env, null).awaitReady(startTimeout);
  }

  /**
   * Starts {@code dist/bin/hub} as {@link #hub} does, with {@code extraEnv} added (a cluster member's
   * settings), without waiting for it: {@link #awaitReady} waits (a cluster's members are started together).
   */
  static Server launchHub(Path dist, String jvmFlags, String secret, Map<String, String> extraEnv) throws Exception {
    Path bin = dist.resolve("bin/hub");
    if (!Files.isExecutable(bin)) {
      throw new IllegalStateException("no distribution at " + dist + " (build it: mvn -q package -DskipTests)");
    }
    return launch(dist, jvmFlags, secret, extraEnv, Files.createTempDirectory("bench-hub-data"));
  }

  // A data directory given in extraEnv (K4) is the caller's: a null {@code data} is not removed on close.
  private static Server launch(Path dist, String jvmFlags, String secret, Map<String, String> extraEnv, Path data)
      throws Exception {
    Path bin = dist.resolve("bin/hub");
    ProcessBuilder pb = new ProcessBuilder(bin.toString());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("HUB_"));
    env.put("HUB_HTTP_HOST", "127.0.0.1");
    env.put("HUB_HTTP_PORT", "0");
    if (data != null) {
      env.put("HUB_DATA_DIR", data.toString());
    }
    env.put("HUB_AUTH_JWT_SECRET", secret);
    env.put("HUB_JAVA_OPTS", jvmFlags);
    env.putAll(extraEnv);
    return new Server(Kind.HUB, pb, data, Jwt.sign(secret, "subscribe:* publish:*", Duration.ofDays(1)));
  }

  /** Starts the bare fan-out server in a JVM of its own, on this JVM's class path. */
  static Server bare(String jvmFlags) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(javaCommand());
    if (!jvmFlags.isBlank()) {
      command.addAll(List.of(jvmFlags.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), BareFanoutServer.class.getName(), "0"));
    return new Server(Kind.BARE, new ProcessBuilder(command), null, "no-auth").awaitReady();
  }

  /** Waits for the "listening" line (and the hub's "hub ready"); stops the process if it does not come. */
  Server awaitReady() throws Exception {
    return awaitReady(START_TIMEOUT);
  }

  /** {@link #awaitReady()} with a timeout of the caller's (a cluster's nodes start against busy brokers). */
  Server awaitReady(Duration timeout) throws Exception {
    try {
      port = ready.get(timeout.toSeconds(), TimeUnit.SECONDS);
      return this;
    } catch (Exception e) {
      close();
      throw new IllegalStateException(kind + " did not start: " + e.getMessage() + "\n" + output(), e);
    }
  }

  private void readOutput() {
    Pattern listening = kind == Kind.HUB ? HUB_LISTENING : BARE_LISTENING;
    Integer seenPort = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (output) {
          output.add(line);
          if (output.size() > 200) {
            output.removeFirst();
          }
        }
        Matcher m = listening.matcher(line);
        if (m.find()) {
          seenPort = Integer.parseInt(m.group(1));
        }
        if (seenPort != null && (kind == Kind.BARE || line.contains("hub ready"))) {
          ready.complete(seenPort);
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
    ready.completeExceptionally(new IllegalStateException("the process exited"));
  }

  Kind kind() {
    return kind;
  }

  /** What the tables call it: {@code hub}, {@code bare}, or a cluster member's role. */
  String name() {
    return name;
  }

  Server named(String newName) {
    this.name = newName;
    return this;
  }

  int port() {
    return port;
  }

  long pid() {
    return process.pid();
  }

  /** A token with {@code subscribe:* publish:*} (the bare server ignores it). */
  String token() {
    return token;
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** Runs a full GC in the server with {@code jcmd <pid> GC.run}; false when jcmd is not available. */
  boolean gc() {
    return jcmd("GC.run") != null;
  }

  /** Heap in use (after the last GC, if just collected) per {@code jcmd GC.heap_info}, or -1. */
  long heapUsedBytes() {
    String info = jcmd("GC.heap_info");
    Matcher m = info == null ? null : HEAP_USED.matcher(info);
    return m != null && m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
  }

  /** The server's Java thread names by native thread id (decimal), from {@code jcmd Thread.print}; empty if unavailable. */
  Map<String, String> threadNames() {
    Map<String, String> names = new java.util.HashMap<>();
    String dump = jcmd("Thread.print");
    if (dump != null) {
      Matcher m = THREAD.matcher(dump);
      while (m.find()) {
        names.put(Long.toString(Long.parseLong(m.group(2), 16)), m.group(1));
      }
    }
    return names;
  }

  /** Writes {@code jcmd GC.class_histogram} (live objects: it runs a full GC) to {@code file}. */
  void saveClassHistogram(Path file) throws IOException {
    String histogram = jcmd("GC.class_histogram");
    if (histogram != null) {
      Files.writeString(file, histogram);
    }
  }

  /** Writes {@code jcmd VM.native_memory summary} (the JVM's memory by area; needs -XX:NativeMemoryTracking) to {@code file}. */
  void saveNativeMemory(Path file) throws IOException {
    String summary = jcmd("VM.native_memory summary");
    if (summary != null) {
      Files.writeString(file, summary);
    }
  }

  /**
   * The server's limit on open files (the soft {@code RLIMIT_NOFILE}, which the JVM raises to the hard one as it
   * starts), from {@code /proc/<pid>/limits}; -1 if unknown. Each connection is one file descriptor.
   */
  long maxOpenFiles() {
    return ProcStats.maxOpenFiles(pid());
  }

  long rssBytes() {
    return ProcStats.rssBytes(pid());
  }

  private String jcmd(String command) {
    Path jcmd = Path.of(javaCommand()).resolveSibling("jcmd");
    List<String> args = new ArrayList<>(List.of(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd", Long.toString(pid())));
    args.addAll(List.of(command.split(" ")));
    try {
      Process p = new ProcessBuilder(args).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String javaCommand() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Stops the process (SIGTERM, then SIGKILL after 30 s) and removes the hub's data directory. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.toHandle().destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    if (dataDir != null) {
      deleteTree(dataDir);
    }
  }

  static void deleteTree(Path dir) {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temp directory left behind is harmless.
    }
  }
}
