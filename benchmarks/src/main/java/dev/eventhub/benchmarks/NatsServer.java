package dev.eventhub.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The peer: Debian's {@code nats-server} (2.9) as a child process, its client port and its WebSocket listener
 * ({@code no_tls}) on loopback ports chosen when it starts, with nothing else configured (no auth, no JetStream:
 * core NATS, at-most-once). {@code ./run-benchmarks} installs it when missing; {@code --nats-server PATH} names
 * another binary. Stopped by its PID.
 */
final class NatsServer implements AutoCloseable {
  static final String DEFAULT_BINARY = "nats-server";
  private static final long START_SECONDS = 30;

  private final Process process;
  private final Path dir;
  private final int wsPort;
  private final Deque<String> output = new ArrayDeque<>();
  private final CompletableFuture<Void> ready = new CompletableFuture<>();

  private NatsServer(Process process, Path dir, int wsPort) {
    this.process = process;
    this.dir = dir;
    this.wsPort = wsPort;
    Thread reader = new Thread(this::readOutput, "nats-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether {@code binary} runs ({@code nats-server --version}): N1 measures NATS only then. */
  static boolean available(String binary) {
    try {
      Process p = new ProcessBuilder(binary, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Starts {@code binary} with a configuration written to a new temporary directory; waits for "Server is ready". */
  static NatsServer start(String binary) throws Exception {
    Path dir = Files.createTempDirectory("bench-nats");
    int clientPort = freePort();
    int wsPort = freePort();
    Path conf = dir.resolve("nats.conf");
    Files.writeString(conf, config(clientPort, wsPort));
    Process process = new ProcessBuilder(binary, "-c", conf.toString()).directory(dir.toFile())
        .redirectErrorStream(true).start();
    NatsServer server = new NatsServer(process, dir, wsPort);
    try {
      server.ready.get(START_SECONDS, TimeUnit.SECONDS);
      return server;
    } catch (Exception e) {
      server.close();
      throw new IllegalStateException("nats-server did not start: " + e + "\n" + server.output(), e);
    }
  }

  /** The configuration: both listeners on loopback, WebSocket without TLS; every limit as shipped. */
  static String config(int clientPort, int wsPort) {
    return "listen: \"127.0.0.1:" + clientPort + "\"\n"
        + "websocket {\n  listen: \"127.0.0.1:" + wsPort + "\"\n  no_tls: true\n}\n";
  }

  // A port free now; the server binds it a moment later (a clash fails the start, and says so).
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void readOutput() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        synchronized (output) {
          output.add(line);
          if (output.size() > 100) {
            output.removeFirst();
          }
        }
        if (line.contains("Server is ready")) {
          ready.complete(null);
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
    ready.completeExceptionally(new IllegalStateException("the process exited"));
  }

  int wsPort() {
    return wsPort;
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String output() {
    synchronized (output) {
      return String.join("\n", output);
    }
  }

  /** SIGTERM to its PID, SIGKILL after 10 s; the configuration's directory removed. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
    Server.deleteTree(dir);
  }
}
