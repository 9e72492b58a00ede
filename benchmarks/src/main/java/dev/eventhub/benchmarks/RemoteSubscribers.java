package dev.eventhub.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Subscribers in {@link SubscriberProcess} child JVMs, {@code count} spread evenly over {@code processes}: what
 * they counted, as each last reported it (every {@value SubscriberProcess#REPORT_MS} ms), summed; and their PIDs,
 * whose CPU is the generator's.
 */
final class RemoteSubscribers implements AutoCloseable {
  /** The children's heap: they keep counters, not events. */
  private static final String CHILD_JVM_FLAGS = "-Xms64m -Xmx512m";

  private final List<Child> children = new ArrayList<>();

  private static final class Child {
    final Process process;
    final CountDownLatch ready = new CountDownLatch(1);
    volatile long events;
    volatile long min;
    volatile long frames;
    volatile long bytes;
    volatile String failure;

    Child(Process process) {
      this.process = process;
    }
  }

  /**
   * Starts the processes and waits until every subscriber is subscribed.
   *
   * @param protocol {@code hub} (the hub and the bare server) or {@code nats}
   */
  static RemoteSubscribers start(String protocol, int port, String token, String subject, int count, int processes,
      boolean batch) throws Exception {
    return start(protocol, port, token, subject, count, processes, batch, 0);
  }

  /** As above, process {@code i} connecting from source address {@code i % sourceAddresses} (none: 0). */
  static RemoteSubscribers start(String protocol, int port, String token, String subject, int count, int processes,
      boolean batch, int sourceAddresses) throws Exception {
    RemoteSubscribers all = new RemoteSubscribers();
    try {
      for (int i = 0; i < processes; i++) {
        int share = count / processes + (i < count % processes ? 1 : 0);
        String from = sourceAddresses > 0 ? ScaleOptions.sourceAddress(i % sourceAddresses) : "";
        all.children.add(all.launch(protocol, port, token, subject, share, batch, from));
      }
      for (Child c : all.children) {
        if (!c.ready.await(180 + count / 20, TimeUnit.SECONDS) || c.failure != null) {
          throw new IllegalStateException("a subscriber process did not get ready: "
              + (c.failure != null ? c.failure : "no answer in " + (180 + count / 20) + " s"));
        }
      }
      return all;
    } catch (Exception e) {
      all.close();
      throw e;
    }
  }

  private Child launch(String protocol, int port, String token, String subject, int share, boolean batch,
      String from) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(List.of(CHILD_JVM_FLAGS.split(" ")));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SubscriberProcess.class.getName(), protocol,
        Integer.toString(port), subject, Integer.toString(share), batch ? "batch" : "single"));
    if (!from.isEmpty()) {
      command.add(from);
    }
    ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("BENCH_TOKEN", token);
    Child child = new Child(pb.start());
    Thread reader = new Thread(() -> read(child), "subscribers-" + child.process.pid());
    reader.setDaemon(true);
    reader.start();
    return child;
  }

  private static void read(Child child) {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(child.process.getInputStream(), StandardCharsets.US_ASCII))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith("n ")) {
          String[] f = line.split(" ");
          child.min = Long.parseLong(f[2]);
          child.frames = Long.parseLong(f[3]);
          child.bytes = Long.parseLong(f[4]);
          child.events = Long.parseLong(f[1]);
        } else if (line.startsWith("ready")) {
          child.ready.countDown();
        } else if (line.startsWith("fail ") && child.failure == null) {
          child.failure = line.substring(5);
          child.ready.countDown();
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
    if (child.failure == null && child.ready.getCount() > 0) {
      child.failure = "the subscriber process exited";
    }
    child.ready.countDown();
  }

  long events() {
    return children.stream().mapToLong(c -> c.events).sum();
  }

  /** The fewest events one subscriber received, over every process. */
  long minEvents() {
    return children.stream().mapToLong(c -> c.min).min().orElse(0);
  }

  long frames() {
    return children.stream().mapToLong(c -> c.frames).sum();
  }

  long bytes() {
    return children.stream().mapToLong(c -> c.bytes).sum();
  }

  String failure() {
    return children.stream().map(c -> c.failure).filter(f -> f != null).findFirst().orElse(null);
  }

  List<Long> pids() {
    return children.stream().map(c -> c.process.pid()).toList();
  }

  /** Closes each child's standard input (it then closes its subscribers and exits); kills one that does not. */
  @Override
  public void close() {
    for (Child c : children) {
      try {
        c.process.getOutputStream().close();
      } catch (IOException e) {
        // Already gone.
      }
    }
    for (Child c : children) {
      try {
        if (!c.process.waitFor(30, TimeUnit.SECONDS)) {
          c.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        c.process.destroyForcibly();
      }
    }
  }
}
