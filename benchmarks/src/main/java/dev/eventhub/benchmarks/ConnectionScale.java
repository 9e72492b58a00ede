package dev.eventhub.benchmarks;

import io.vertx.core.Vertx;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Issue 24's connection scenarios against one hub, each on a hub of its own started with its connection limits raised
 * to hold them ({@code http.maxConnections}, {@code plugins.websocket.maxConnections}: 20,000 and 10,000 as shipped):
 *
 * <ul>
 *   <li>M1, idle connections: {@code --idle-connections} subscribed connections over {@code --source-addresses}
 *       loopback addresses, then held idle for two of the hub's heartbeats ({@code --heartbeat} seconds, answered by
 *       the client); the hub's RSS per connection as it runs (no forced GC), and RSS and heap per connection after a
 *       full GC; connections lost while idle.
 *   <li>M2, subscribe storm: the same number of connections started at {@code --storm-rate} per second whatever the
 *       answers; connections per second reached, errors, time to {@code subscribed} (p50, p99), server CPU per
 *       connection.
 * </ul>
 */
final class ConnectionScale {
  static final String IDLE = "M1";
  static final String STORM = "M2";
  private static final int PARALLEL = 200;
  // Files each side opens besides the connections: jars, the log, sockets of the harness's HTTP client.
  private static final int FILE_MARGIN = 1_000;

  private final Vertx vertx;
  private final Settings settings;
  private final ScaleOptions options;
  private final Report report;
  private String capped;

  ConnectionScale(Vertx vertx, Settings settings, ScaleOptions options, Report report) {
    this.vertx = vertx;
    this.settings = settings;
    this.options = options;
    this.report = report;
  }

  /** What the hub needs to hold {@code connections} WebSocket connections, and to ping them every {@code heartbeat} s. */
  static Map<String, String> hubSettings(int connections, int heartbeatSeconds) {
    String max = Integer.toString(connections + 1_000);
    return Map.of("HUB_HTTP_MAX_CONNECTIONS", max, "HUB_PLUGINS_WEBSOCKET_MAX_CONNECTIONS", max,
        "HUB_PLUGINS_WEBSOCKET_HEARTBEAT_INTERVAL", heartbeatSeconds + "s");
  }

  void runIdle() throws Exception {
    for (int run = 1; run <= settings.runs(); run++) {
      // A fresh hub per run: resident memory is not given back exactly once touched.
      try (Server hub = hub(IDLE)) {
        record(IDLE, run, idle(hub));
      }
    }
  }

  void runStorm() throws Exception {
    for (int run = 1; run <= settings.runs(); run++) {
      try (Server hub = hub(STORM)) {
        record(STORM, run, storm(hub));
      }
    }
  }

  // M2 runs the hub with its shipped heartbeat: a storm measures accepting connections, and a generator starved of
  // CPU for a few seconds while it opens thousands must not lose them to missed pings (M1 measures the heartbeat).
  private static final int STORM_HEARTBEAT_SECONDS = 30;

  private Server hub(String scenario) throws Exception {
    if (settings.profileDir() != null) {
      java.nio.file.Files.createDirectories(settings.profileDir()); // the JFR recording goes there
    }
    Server hub = Server.hub(settings.dist(), settings.hubJvmFlags(scenario),
        hubSettings(options.idleConnections(),
            scenario.equals(STORM) ? STORM_HEARTBEAT_SECONDS : options.heartbeatSeconds()));
    System.out.printf(Locale.ROOT, "%s: hub pid %d port %d; %,d connections over %d source addresses%n", scenario,
        hub.pid(), hub.port(), options.idleConnections(), options.sourceAddresses());
    return hub;
  }

  private void record(String scenario, int run, Sample sample) {
    report.add(scenario, "hub", sample);
    System.out.println(Report.line(scenario, "hub", run, sample));
  }

  private Sample idle(Server hub) throws Exception {
    int n = connections(hub, IDLE);
    profile(hub, "before");
    long rssRunning0 = hub.rssBytes();
    settle(hub);
    long rss0 = hub.rssBytes();
    long heap0 = hub.heapUsedBytes();
    try (ConnectionFleet fleet = new ConnectionFleet(vertx, hub, options.sourceAddresses())) {
      CpuMeter cpu = CpuMeter.start(hub);
      long t0 = System.nanoTime();
      // Half, then the rest: what the second half adds is the cost of a connection once the hub's fixed costs
      // (the JIT's code, loaded classes, the collector's tables) are paid, which a run of N/2 cannot tell.
      fleet.openParallel(n / 2, PARALLEL).await(30, TimeUnit.MINUTES);
      double firstSeconds = (System.nanoTime() - t0) / 1e9;
      settle(hub);
      int half = fleet.opened();
      long rssHalf = hub.rssBytes();
      long heapHalf = hub.heapUsedBytes();
      long t1 = System.nanoTime();
      fleet.openParallel(n - n / 2, PARALLEL).await(30, TimeUnit.MINUTES);
      double seconds = firstSeconds + (System.nanoTime() - t1) / 1e9;
      Sample sample = new Sample();
      sample.cpu = cpu.stop();
      // Idle through two heartbeats: every connection pinged and answering twice.
      Thread.sleep(TimeUnit.SECONDS.toMillis(2L * options.heartbeatSeconds()) + 500);
      long rssRunning1 = hub.rssBytes();
      settle(hub);
      long rss1 = hub.rssBytes();
      long heap1 = hub.heapUsedBytes();
      profile(hub, "after");
      int open = fleet.opened();
      double per = Math.max(1, open) * 1024.0;
      sample.put("connections", open)
          .put("connects/s", open / seconds)
          .put("RSS KiB/conn as run", (rssRunning1 - rssRunning0) / per)
          .put("RSS KiB/conn", (rss1 - rss0) / per)
          .put("heap KiB/conn", heap0 < 0 || heap1 < 0 ? Double.NaN : (heap1 - heap0) / per)
          .put("RSS KiB/conn 2nd half", (rss1 - rssHalf) / (Math.max(1, open - half) * 1024.0))
          .put("heap KiB/conn 2nd half", heapHalf < 0 || heap1 < 0 ? Double.NaN
              : (heap1 - heapHalf) / (Math.max(1, open - half) * 1024.0))
          .put("RSS MiB", rss1 / 1048576.0)
          .put("errors", fleet.errors())
          .put("closed while idle", fleet.failed());
      problems(sample, fleet, n);
      return sample;
    }
  }

  private Sample storm(Server hub) throws Exception {
    int n = connections(hub, STORM);
    try (ConnectionFleet fleet = new ConnectionFleet(vertx, hub, options.sourceAddresses())) {
      CpuMeter cpu = CpuMeter.start(hub);
      long t0 = System.nanoTime();
      fleet.openAtRate(n, options.stormRate()).await(30, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - t0) / 1e9;
      Sample sample = new Sample();
      sample.cpu = cpu.stop();
      int open = fleet.opened();
      Histogram h = fleet.connectMicros();
      sample.put("target connects/s", options.stormRate())
          .put("connects/s", open / seconds)
          .put("connections", open)
          .put("errors", fleet.errors())
          .put("p50 ms to subscribed", h.percentile(0.50) / 1000.0)
          .put("p99 ms to subscribed", h.percentile(0.99) / 1000.0)
          .put("server µs/connection", sample.cpu.serverMicrosPer(open));
      problems(sample, fleet, n);
      return sample;
    }
  }

  /**
   * {@code --idle-connections}, or fewer where the hub or this process may not open that many files (one per
   * connection on each side, and room for the rest): said, not hidden. {@code ./run-benchmarks} raises the limits
   * where it may (see docs/operations.md, "Holding 100,000 connections").
   */
  private int connections(Server hub, String scenario) {
    int asked = options.idleConnections();
    long hubFiles = hub.maxOpenFiles();
    long ownFiles = ProcStats.maxOpenFiles("self");
    long room = Math.min(hubFiles < 0 ? Long.MAX_VALUE : hubFiles, ownFiles < 0 ? Long.MAX_VALUE : ownFiles) - FILE_MARGIN;
    if (asked <= room) {
      return asked;
    }
    int n = (int) Math.max(1, room);
    capped = String.format(Locale.ROOT, "%,d connections asked, %,d opened: open files are limited to %,d (hub) and"
        + " %,d (harness) here (ulimit -n; see docs/operations.md)", asked, n, hubFiles, ownFiles);
    System.out.println(scenario + ": " + capped);
    return n;
  }

  // With --profile DIR: the hub's live objects by class, and its memory by area (with -XX:NativeMemoryTracking).
  private void profile(Server hub, String when) throws java.io.IOException {
    if (settings.profileDir() != null) {
      java.nio.file.Files.createDirectories(settings.profileDir());
      hub.saveClassHistogram(settings.profileDir().resolve("hub-M1-" + when + ".txt"));
      hub.saveNativeMemory(settings.profileDir().resolve("hub-M1-nmt-" + when + ".txt"));
    }
  }

  private void problems(Sample sample, ConnectionFleet fleet, int n) {
    sample.problem(capped);
    if (fleet.errors() > 0) {
      sample.problem(fleet.errors() + " connections failed; last: " + fleet.lastError());
    }
    sample.problem(fleet.firstFailure());
    if (fleet.opened() < n) {
      sample.problem("only " + fleet.opened() + " of " + n + " connections opened");
    }
  }

  // Two full GCs a second apart: the second one also frees what finalization and cleaners released.
  private static void settle(Server server) throws InterruptedException {
    if (!server.gc()) {
      throw new IllegalStateException("jcmd GC.run failed: M1 needs the JDK's jcmd");
    }
    Thread.sleep(1000);
    server.gc();
    Thread.sleep(500);
  }

  private static final String[][] IDLE_ROWS = {
      {"connections", "connections open"},
      {"connects/s", "connects/s (upgrade, subscribe, subscribed), " + PARALLEL + " at a time"},
      {"RSS KiB/conn as run", "RSS per idle connection as run, no forced GC (KiB)"},
      {"RSS KiB/conn", "RSS per idle connection after GC (KiB)"},
      {"heap KiB/conn", "heap per idle connection after GC (KiB)"},
      {"RSS KiB/conn 2nd half", "RSS per idle connection after GC, second half of the connections (KiB)"},
      {"heap KiB/conn 2nd half", "heap per idle connection after GC, second half of the connections (KiB)"},
      {"RSS MiB", "hub RSS after GC (MiB)"},
      {"errors", "connections that failed to open"},
      {"closed while idle", "connections closed while idle (two heartbeats)"}};

  private static final String[][] STORM_ROWS = {
      {"target connects/s", "target connects/s"},
      {"connects/s", "connects/s reached"},
      {"connections", "connections open"},
      {"errors", "errors"},
      {"p50 ms to subscribed", "time to subscribed p50 (ms)"},
      {"p99 ms to subscribed", "time to subscribed p99 (ms)"},
      {"server µs/connection", "server CPU µs per connection"}};

  /** M1's and M2's tables (the hub only: their figures are goals of their own, 5 KiB per connection, no error). */
  static String tables(Report report) {
    StringBuilder out = new StringBuilder();
    table(out, report, IDLE, IDLE_ROWS, "M1: idle subscribed connections held through two heartbeats");
    table(out, report, STORM, STORM_ROWS, "M2: subscribe storm");
    return out.toString();
  }

  private static void table(StringBuilder out, Report report, String scenario, String[][] rows, String title) {
    if (report.samples(scenario, "hub").isEmpty()) {
      return;
    }
    out.append(title).append("; medians.\n\n| scenario | measure | hub |\n|---|---|---:|\n");
    for (String[] row : rows) {
      out.append(String.format(Locale.ROOT, "| %s | %s | %s |%n", scenario, row[1],
          Report.number(report.median(scenario, "hub", row[0]))));
    }
    out.append('\n');
  }
}
