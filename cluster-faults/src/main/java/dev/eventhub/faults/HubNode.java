package dev.eventhub.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One hub of the cluster: {@code bin/hub} of the unpacked distribution as a child process, with a data
 * directory and an HTTP port of its own that survive restarts (so clients find it again). Its output goes
 * to {@code hub.log} in its directory (appended across restarts); the last lines are kept for errors.
 * Every signal goes to the process by its PID ({@code bin/hub} execs the JVM).
 */
final class HubNode {
  private final String name;
  private final Path dist;
  private final Path dir;
  private final int port;
  private final Map<String, String> env;
  private final Deque<String> tail = new ArrayDeque<>();
  private volatile Process process;
  private volatile boolean paused;

  HubNode(String name, Path dist, Path dir, int port, Map<String, String> env) {
    this.name = name;
    this.dist = dist;
    this.dir = dir;
    this.port = port;
    this.env = env;
  }

  String name() {
    return name;
  }

  int port() {
    return port;
  }

  String base() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    Process p = process;
    return p == null ? -1 : p.pid();
  }

  boolean alive() {
    Process p = process;
    return p != null && p.isAlive();
  }

  boolean paused() {
    return paused;
  }

  /** Starts the process (not waiting for it to be ready: {@link Api#awaitReady} does). */
  synchronized void start() throws IOException {
    if (alive()) {
      throw new IllegalStateException(name + " is already running (pid " + pid() + ")");
    }
    Files.createDirectories(dir.resolve("data"));
    ProcessBuilder pb = new ProcessBuilder(dist.resolve("bin/hub").toString()).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.keySet().removeIf(k -> k.startsWith("HUB_"));
    e.put("HUB_HTTP_HOST", "127.0.0.1");
    e.put("HUB_HTTP_PORT", Integer.toString(port));
    e.put("HUB_DATA_DIR", dir.resolve("data").toString());
    e.putAll(env);
    paused = false;
    Process p = pb.start();
    process = p;
    Thread reader = new Thread(() -> copyOutput(p), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  private void copyOutput(Process p) {
    Path log = dir.resolve("hub.log");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
      out.println("=== " + name + " started, pid " + p.pid());
      String line;
      while ((line = in.readLine()) != null) {
        out.println(line);
        synchronized (tail) {
          tail.add(line);
          if (tail.size() > 100) {
            tail.removeFirst();
          }
        }
      }
      out.println("=== " + name + " ended");
    } catch (IOException e) {
      // The process ended, or the log could not be written: the tail still says what it could.
    }
  }

  /** The last lines the hub printed. */
  String tail() {
    synchronized (tail) {
      return String.join("\n", tail);
    }
  }

  /** kill -9 by PID, and waits for the process to be gone. */
  void kill() throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      // SIGKILL ends a stopped process too: no SIGCONT needed.
      p.toHandle().destroyForcibly();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + p.pid() + ") did not die of SIGKILL within 60 s");
      }
    }
    paused = false;
  }

  /** SIGSTOP: the JVM freezes, its sockets stay open, its Kafka sessions run out. */
  void pause() throws IOException, InterruptedException {
    signal("STOP");
    paused = true;
  }

  /** SIGCONT. */
  void resume() throws IOException, InterruptedException {
    signal("CONT");
    paused = false;
  }

  private void signal(String signal) throws IOException, InterruptedException {
    long pid = pid();
    if (pid < 0 || !alive()) {
      throw new IllegalStateException(name + " is not running: cannot send SIG" + signal);
    }
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
    String out = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + out);
    }
  }

  /** SIGTERM then, after {@code grace}, SIGKILL: the end of a run. */
  void stop(Duration grace) throws InterruptedException {
    Process p = process;
    if (p != null && p.isAlive()) {
      if (paused) {
        try {
          resume();
        } catch (IOException e) {
          // Killed below anyway.
        }
      }
      p.toHandle().destroy();
      if (!p.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        kill();
      }
    }
  }
}
