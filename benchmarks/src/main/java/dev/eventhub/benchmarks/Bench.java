package dev.eventhub.benchmarks;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The benchmark harness: runs every scenario of docs/performance.md against (a) the hub started from
 * the distribution, durable log and auth on, and (b) the bare Vert.x fan-out server, in the same
 * invocation on the same machine, and prints the medians of the runs with the ratio hub/bare, each
 * process's CPU, and which one saturated. C1, C2 and C3 (not run unless asked for) are S1, S2 and S4 against a
 * cluster of three hubs on three Kafka brokers ({@link HubCluster}), compared with a single hub measured in the same
 * invocation: what clustering costs. S8 (issue 24, in the default set) is durable publishing over WebSocket
 * {@code publish} frames against {@code POST /api/events} on one hub. K1-K5 (issue 24, only when named) are the
 * cost curves of {@link CostCurves}: each measured from small to large, as tables and SVG plots.
 *
 * <pre>
 * java -cp 'benchmarks/target/classes:benchmarks/target/lib/*' dev.eventhub.benchmarks.Bench
 *     [--dist DIR] [--scenarios S1,S2,S3,S4,S5,S8,N1,C1,C2,C3,S7,S9,S10,M1,M2,M3] [--runs 3] [--seconds 8] [--warmup 2]
 *     [--connections 10000] [--replay-events 100000] [--jvm "FLAGS"] [--soak [MINUTES]] [--smoke] [--out FILE]
 *     [--profile DIR] [--publish-batch 10]
 *     [--baseline-dist DIR]  (issue 24 item 7: S11, arrays of 50 on this build, that build and bare, run after run)
 *     [--k-subscribers 10,100,1k,10k] [--k-categories 1,100,10k] [--k-filters 1,10,100] [--k-log-sizes 1M,10M]
 *     [--k-rates 1000,...,80000] [--k-delivery-rate 20000] [--k-replay-events 100000] [--k-svg-dir DIR]
 *     [--k-fill-schema current|before-24]
 * </pre>
 *
 * The exit status says only whether the harness ran: a missed target is a figure, not a failure.
 */
public final class Bench {
  /** Hubs of the cluster of C1, C2 and C3. */
  static final int CLUSTER_SIZE = 3;
  /** Kafka brokers under them: three, so that the log topic has min.insync.replicas 2 and acks=all waits for two. */
  static final int CLUSTER_BROKERS = 3;

  /** Kafka's clients (the brokers' readiness check) log every setting at INFO: warnings only in the tables' output. */
  private static final Logger KAFKA_LOGS = Logger.getLogger("org.apache.kafka");

  private final Settings settings;
  private final ScaleOptions scale; // issue 24
  private Path baselineDist; // issue 24 item 7: S11's A/B build
  private final CurveOptions curves; // issue 24: K1-K5
  private final Vertx vertx = Vertx.vertx();
  private final Report report = new Report();

  private Bench(Settings settings, ScaleOptions scale, CurveOptions curves) {
    this.settings = settings;
    this.scale = scale;
    this.curves = curves;
  }

  public static void main(String[] args) {
    KAFKA_LOGS.setLevel(Level.WARNING);
    Settings settings;
    ScaleOptions scale;
    Path baseline;
    CurveOptions curves;
    try {
      settings = Settings.parse(args);
      scale = ScaleOptions.parse(args);
      baseline = IngestAB.baselineDist(args);
      curves = CurveOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    Bench bench = new Bench(settings, scale, curves);
    bench.baselineDist = baseline;
    int status = 0;
    try {
      bench.runAll();
    } catch (Exception e) {
      System.err.println("bench: the harness failed: " + e);
      e.printStackTrace();
      status = 1;
    } finally {
      bench.vertx.close().await();
    }
    System.exit(status);
  }

  private interface Body {
    Sample run(Load load) throws Exception;
  }

  private void runAll() throws Exception {
    String header = RunHeader.header(settings);
    System.out.println(header);
    // issue 20: S9 (memory per stalled subscription and overflow policy) prints a table of its own.
    String stalled = settings.runs("S9") ? new StalledMemory(settings, vertx).run() : null;
    if (stalled != null && settings.scenarios().size() == 1) {
      if (settings.out() != null) {
        Files.createDirectories(settings.out().toAbsolutePath().getParent());
        Files.writeString(settings.out(), header + "\n" + stalled);
        System.out.println("written to " + settings.out());
      }
      return;
    }
    if (settings.runs("S1")) {
      withServers("S1", (hub, bare) -> {
        for (int run = settings.firstRun(); run <= settings.runs(); run++) {
          String c = "fanout-" + run;
          measure("S1", "hub", run, hub, 64, load -> FanOut.run(load, settings, c + "-hub", false));
          measure("S1", "hub batch", run, hub, 64, load -> FanOut.run(load, settings, c + "-hub-batch", true));
          measure("S1", "bare", run, bare, 64, load -> FanOut.run(load, settings, c + "-bare", false));
        }
      });
    }
    if (settings.runs("S2")) {
      withServers("S2", (hub, bare) -> {
        for (int run = settings.firstRun(); run <= settings.runs(); run++) {
          String c = "latency-" + run;
          measure("S2", "hub", run, hub, 64, load -> Latency.run(load, settings, c));
          measure("S2", "bare", run, bare, 64, load -> Latency.run(load, settings, c));
        }
      });
    }
    if (settings.runs("S3")) {
      // A fresh pair per run: resident memory is not given back exactly once touched.
      for (int run = 1; run <= settings.runs(); run++) {
        int r = run;
        withServers("S3", (hub, bare) -> {
          measure("S3", "hub", r, hub, 4, load -> Connections.run(load, settings.connections(), settings.profileDir()));
          measure("S3", "bare", r, bare, 4, load -> Connections.run(load, settings.connections(), settings.profileDir()));
        });
      }
    }
    if (settings.runs("S4")) {
      withServers("S4", (hub, bare) -> {
        for (int run = settings.firstRun(); run <= settings.runs(); run++) {
          measure("S4 single", "hub", run, hub, DurablePublish.SINGLE_CONCURRENCY, load -> DurablePublish.single(load, settings));
          measure("S4 single", "bare", run, bare, DurablePublish.SINGLE_CONCURRENCY, load -> DurablePublish.single(load, settings));
          measure("S4 batched", "hub", run, hub, DurablePublish.BATCH_CONCURRENCY, load -> DurablePublish.batched(load, settings));
          measure("S4 batched", "bare", run, bare, DurablePublish.BATCH_CONCURRENCY, load -> DurablePublish.batched(load, settings));
          // Issue 24 item 7: arrays of 50, the hub against the bare server (non-durable) in the same run.
          measure("S4 batched 50", "hub", run, hub, DurablePublish.BATCH50_CONCURRENCY,
              load -> DurablePublish.batched50(load, settings));
          measure("S4 batched 50", "bare", run, bare, DurablePublish.BATCH50_CONCURRENCY,
              load -> DurablePublish.batched50(load, settings));
        }
      });
    }
    if (settings.runs("S5")) {
      withServers("S5", (hub, bare) -> {
        int n = settings.replayEvents();
        String hubSince = preload(hub, n);
        String bareSince = preload(bare, n);
        for (int run = settings.firstRun(); run <= settings.runs(); run++) {
          measure("S5", "hub", run, hub, 4, load -> Replay.run(load, "replay", hubSince, n, false));
          measure("S5", "bare", run, bare, 4, load -> Replay.run(load, "replay", bareSince, n, false));
          measure("S5 batch", "hub", run, hub, 4, load -> Replay.run(load, "replay", hubSince, n, true));
          measure("S5 batch", "bare", run, bare, 4, load -> Replay.run(load, "replay", bareSince, n, true));
        }
      });
    }
    runClusterScenarios();
    if (settings.runs("S7")) {
      runDeflate();
    }
    if (settings.runs("S8")) {
      runWsPublish();
    }
    if (settings.runs("S10")) {
      runAttributeFilters();
    }
    if (settings.runs(IngestAB.SCENARIO)) {
      runIngestAB();
    }
    if (settings.runs(PeerFanOut.SCENARIO)) { // issue 24: NATS side by side
      new PeerFanOut(vertx, settings, scale, report).run();
    }
    runConnectionScale();
    if (settings.runs("S6")) {
      try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags("S6"))) {
        System.out.println("S6: soak of the hub for " + settings.soakMillis() / 60_000 + " min");
        measure("S6", "hub", 1, hub, 64, load -> Latency.soak(load, settings, "soak"));
      }
    }
    // Issue 24, item 4: the cost curves K1-K5, only when named; their tables and the names of their SVG files.
    String costCurves = CostCurves.anyNamed(settings) ? new CostCurves(vertx, settings, curves).run() : "";
    String result = header + "\n" + tables() + costCurves + RunHeader.loadAtEnd();
    System.out.println("\n" + tables() + costCurves);
    if (settings.out() != null) {
      Files.createDirectories(settings.out().toAbsolutePath().getParent());
      Files.writeString(settings.out(), result);
      Path json = settings.out().resolveSibling(settings.out().getFileName().toString().replaceFirst("\\.md$", "") + ".json");
      Files.writeString(json, report.toJson().encodePrettily());
      System.out.println("written to " + settings.out() + " and " + json);
    }
    if (!report.hasFigures() && costCurves.isEmpty()) {
      throw new IllegalStateException("no scenario produced a figure");
    }
  }

  /**
   * Issue 18: unmeasured runs before C1, C2 and C3 are measured (one in every other scenario). Six JVMs of the cluster
   * and the single hub warm up on the same cores: after one run their busiest threads were still the JIT compilers.
   */
  static final int CLUSTER_WARMUP_RUNS = 3;

  // The first run of C1, C2, C3: runs up to 0 are warm-up, not counted.
  private int firstClusterRun() {
    return settings.firstRun() == 0 ? 1 - CLUSTER_WARMUP_RUNS : settings.firstRun();
  }

  // C1, C2, C3: S1, S2 and S4 against the single hub and the cluster, run after run, spread over the members.
  private void runClusterScenarios() throws Exception {
    if (settings.runs("C1")) {
      withHubAndCluster("C1", (hub, cluster) -> {
        for (int run = firstClusterRun(); run <= settings.runs(); run++) {
          String c = "cluster-fanout-" + run;
          measure("C1", "hub", run, hub, 64, load -> FanOut.run(load, settings, c + "-hub", false));
          measure("C1", "hub batch", run, hub, 64, load -> FanOut.run(load, settings, c + "-hub-batch", true));
          measure("C1", "cluster", run, cluster, 64, load -> FanOut.run(load, settings, c + "-cluster", false));
          measure("C1", "cluster batch", run, cluster, 64, load -> FanOut.run(load, settings, c + "-cluster-batch", true));
        }
      });
    }
    if (settings.runs("C2")) {
      withHubAndCluster("C2", (hub, cluster) -> {
        for (int run = firstClusterRun(); run <= settings.runs(); run++) {
          String c = "cluster-latency-" + run;
          measure("C2", "hub", run, hub, 64, load -> Latency.run(load, settings, c + "-hub"));
          measure("C2", "cluster", run, cluster, 64, load -> Latency.run(load, settings, c + "-cluster"));
        }
      });
    }
    if (settings.runs("C3")) {
      withHubAndCluster("C3", (hub, cluster) -> {
        for (int run = firstClusterRun(); run <= settings.runs(); run++) {
          int single = DurablePublish.SINGLE_CONCURRENCY;
          int batched = DurablePublish.BATCH_CONCURRENCY;
          measure("C3 single", "hub", run, hub, single, load -> DurablePublish.single(load, settings));
          measure("C3 single", "cluster", run, cluster, single, load -> DurablePublish.single(load, settings));
          measure("C3 batched", "hub", run, hub, batched, load -> DurablePublish.batched(load, settings));
          measure("C3 batched", "cluster", run, cluster, batched, load -> DurablePublish.batched(load, settings));
        }
      });
    }
  }

  // S7: one hub with plugins.websocket.compression on; in each run S1 with subscribers that do not offer
  // permessage-deflate (plain frames) and with subscribers that do, so both sides of a ratio see the same hub.
  // Bytes on the wire: what this process (the subscribers, and the small answers to the publishes) reads off its
  // sockets, and what the hub writes (the frames, and its log's own writes), from /proc/<pid>/io.
  // S8: WebSocket publish frames and POST /api/events, one after the other on the same hub, run after run.
  private void runWsPublish() throws Exception {
    if (settings.profileDir() != null) {
      Files.createDirectories(settings.profileDir());
    }
    // A publisher sends more than the default 100 messages a second: the rate is an operator's setting.
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags("S8"),
        Map.of("HUB_PLUGINS_WEBSOCKET_MAX_MESSAGES_PER_SECOND", "10000000"))) {
      System.out.printf("S8: hub pid %d port %d%n", hub.pid(), hub.port());
      for (int run = settings.firstRun(); run <= settings.runs(); run++) {
        int single = DurablePublish.SINGLE_CONCURRENCY;
        int batched = DurablePublish.BATCH_CONCURRENCY;
        measure("S8 single", "websocket", run, hub, 4, load -> WsPublish.single(load, settings));
        measure("S8 single", "http", run, hub, single, load -> DurablePublish.single(load, settings));
        measure("S8 batched", "websocket", run, hub, 4, load -> WsPublish.batched(load, settings));
        measure("S8 batched", "http", run, hub, batched, load -> DurablePublish.batched(load, settings));
      }
    }
  }

  // S11: arrays of 50 on the hub, on a baseline build of the hub when given, and on the bare server, run after run.
  private void runIngestAB() throws Exception {
    if (settings.profileDir() != null) {
      Files.createDirectories(settings.profileDir());
    }
    int inFlight = DurablePublish.BATCH50_CONCURRENCY;
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags(IngestAB.SCENARIO));
        Server base = baselineDist == null ? null : Server.hub(baselineDist, settings.hubJvmFlags("S11-baseline"));
        Server bare = Server.bare(settings.jvmFlags())) {
      System.out.printf("S11: hub pid %d, baseline %s, bare pid %d%n", hub.pid(), base == null ? "none" : base.pid(),
          bare.pid());
      for (int run = settings.firstRun(); run <= settings.runs(); run++) {
        measure(IngestAB.SCENARIO, "hub", run, hub, inFlight, load -> DurablePublish.batched50(load, settings));
        if (base != null) {
          measure(IngestAB.SCENARIO, IngestAB.BASELINE, run, base, inFlight,
              load -> DurablePublish.batched50(load, settings));
        }
        measure(IngestAB.SCENARIO, "bare", run, bare, inFlight, load -> DurablePublish.batched50(load, settings));
      }
    }
  }

  private void runDeflate() throws Exception {
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags("S7"),
        Map.of("HUB_PLUGINS_WEBSOCKET_COMPRESSION", "true"))) {
      System.out.printf("S7: hub pid %d port %d, permessage-deflate offered%n", hub.pid(), hub.port());
      Map<String, java.util.function.LongSupplier> counters = new java.util.LinkedHashMap<>();
      counters.put("generator bytes read", () -> ProcStats.ioBytes("self", "rchar"));
      counters.put("hub bytes written", () -> ProcStats.ioBytes(Long.toString(hub.pid()), "wchar"));
      for (int run = settings.firstRun(); run <= settings.runs(); run++) {
        String c = "deflate-" + run;
        for (boolean deflate : new boolean[] {false, true}) {
          record("S7", deflate ? "deflate" : "plain", run, new Load(vertx, hub, 64, Load.webSocketClient(vertx, deflate)),
              load -> FanOut.run(load, settings, c + (deflate ? "-deflate" : "-plain"), false, counters));
        }
      }
    }
  }

  // Issue 24, item 5: M1 idle connections, M2 subscribe storm, M3 fan-out to many live subscribers.
  private void runConnectionScale() throws Exception {
    ConnectionScale scaled = new ConnectionScale(vertx, settings, scale, report);
    if (settings.runs(ConnectionScale.IDLE)) {
      scaled.runIdle();
    }
    if (settings.runs(ConnectionScale.STORM)) {
      scaled.runStorm();
    }
    if (settings.runs(PeerFanOut.LIVE)) {
      PeerFanOut.live(vertx, settings, scale, report).run();
    }
  }

  // S10 (issue 20): one hub; in each run S1 with subscribers filtering on attributes and without (AttributeFilters).
  private void runAttributeFilters() throws Exception {
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags("S10"))) {
      System.out.printf("S10: hub pid %d port %d, events with attributes%n", hub.pid(), hub.port());
      for (int run = settings.firstRun(); run <= settings.runs(); run++) {
        String c = "attributes-" + run;
        for (boolean filtered : new boolean[] {false, true}) {
          record("S10", filtered ? "filtered" : "plain", run,
              AttributeFilters.variant(new Load(vertx, hub, 64), filtered),
              load -> FanOut.run(load, settings, c + (filtered ? "-filtered" : "-plain"), false));
        }
      }
    }
  }

  private String preload(Server server, int n) throws Exception {
    try (Load load = new Load(vertx, server, 4)) {
      long t0 = System.nanoTime();
      String since = Replay.preload(load, "replay", n);
      System.out.printf(Locale.ROOT, "S5 %s: preloaded %,d events in %.1f s%n", server.name(), n, (System.nanoTime() - t0) / 1e9);
      return since;
    }
  }

  private interface PairBody {
    void run(Server hub, Server bare) throws Exception;
  }

  private void withServers(String scenario, PairBody body) throws Exception {
    if (settings.profileDir() != null) {
      Files.createDirectories(settings.profileDir());
    }
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags(scenario));
        Server bare = Server.bare(settings.jvmFlags())) {
      System.out.printf("%s: hub pid %d port %d, bare pid %d port %d%n", scenario, hub.pid(), hub.port(), bare.pid(),
          bare.port());
      body.run(hub, bare);
      for (Server s : List.of(hub, bare)) {
        if (!s.alive()) {
          throw new IllegalStateException(s.name() + " died during " + scenario + ":\n" + s.output());
        }
      }
    }
  }

  private interface ClusterBody {
    void run(List<Server> hub, HubCluster cluster) throws Exception;
  }

  // The single hub, the cluster's members and its brokers all live for the whole scenario, so that both sides of
  // a ratio see the same machine; an idle server costs little (an idle member: a poll of the topic).
  private void withHubAndCluster(String scenario, ClusterBody body) throws Exception {
    if (settings.profileDir() != null) {
      Files.createDirectories(settings.profileDir());
    }
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags(scenario));
        HubCluster cluster = HubCluster.start(settings.dist(), i -> settings.hubJvmFlags(scenario + " node" + i),
            CLUSTER_SIZE, CLUSTER_BROKERS)) {
      System.out.printf("%s: hub pid %d port %d; cluster on %s%n", scenario, hub.pid(), hub.port(), cluster);
      body.run(List.of(hub), cluster);
    }
  }

  /** One run against a cluster: its members share the subscribers and the publishes; its brokers' CPU counted apart. */
  private void measure(String scenario, String variant, int run, HubCluster cluster, int httpConnections, Body body)
      throws Exception {
    record(scenario, variant, run, new Load(vertx, cluster.nodes(), cluster.brokerPids(), httpConnections), body);
  }

  private void measure(String scenario, String variant, int run, Server server, int httpConnections, Body body)
      throws Exception {
    measure(scenario, variant, run, List.of(server), httpConnections, body);
  }

  /** One run against {@code servers}: a cluster's members share the subscribers and the publishes. */
  private void measure(String scenario, String variant, int run, List<Server> servers, int httpConnections, Body body)
      throws Exception {
    record(scenario, variant, run, new Load(vertx, servers, httpConnections), body);
  }

  private void record(String scenario, String variant, int run, Load using, Body body) throws Exception {
    Sample sample;
    try (Load load = using) {
      sample = body.run(load);
    }
    if (run > 0) {
      report.add(scenario, variant, sample);
    }
    System.out.println(Report.line(scenario, variant, run, sample));
  }

  private String tables() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "Medians of %d run(s); hub/bare is the ratio of the medians.%n%n", settings.runs()));
    if (report.hasAny(BenchRows.ROWS)) {
      out.append(report.figuresTable(BenchRows.ROWS)).append('\n');
    }
    if (report.hasAny(BenchRows.CLUSTER_ROWS)) {
      out.append("C1, C2, C3: a cluster of ").append(CLUSTER_SIZE).append(" hubs on ").append(CLUSTER_BROKERS)
          .append(" Kafka brokers (acks=all, min.insync.replicas 2) against the single hub; cluster/hub is the ratio")
          .append(" of the medians; server CPU is the members' sum (the brokers' is in the CPU table).\n\n")
          .append(report.figuresTable(BenchRows.CLUSTER_ROWS, "cluster", "hub", "cluster/hub")).append('\n');
    }
    if (report.hasAny(BenchRows.DEFLATE_ROWS)) {
      out.append("S7: S1 on one hub with `plugins.websocket.compression` on, subscribers that offer permessage-deflate")
          .append(" (deflate) against subscribers that do not (plain), run after run; deflate/plain is the ratio of the")
          .append(" medians.\n\n").append(report.figuresTable(BenchRows.DEFLATE_ROWS, "deflate", "plain", "deflate/plain")).append('\n');
    }
    if (report.hasAny(BenchRows.WS_PUBLISH_ROWS)) {
      out.append("S8: durable publishing on one hub over WebSocket `publish` frames (").append(WsPublish.CONNECTIONS)
          .append(" connections) against `POST /api/events`, with the same events in flight, run after run;")
          .append(" websocket/http is the ratio of the medians.\n\n")
          .append(report.figuresTable(BenchRows.WS_PUBLISH_ROWS, "websocket", "http", "websocket/http")).append('\n');
    }
    out.append(PeerFanOut.table(report)).append(ConnectionScale.tables(report)); // issue 24
    if (report.hasAny(IngestAB.ROWS)) { // issue 24 item 7
      out.append(IngestAB.caption(baselineDist != null)).append(report.figuresTable(IngestAB.ROWS)).append('\n');
    }
    if (report.hasAny(AttributeFilters.ROWS)) {
      out.append(AttributeFilters.caption())
          .append(report.figuresTable(AttributeFilters.ROWS, "filtered", "plain", "filtered/plain")).append('\n');
    }
    out.append("CPU in the median run, in % of one core (").append(Runtime.getRuntime().availableProcessors())
        .append(" cores = ").append(Runtime.getRuntime().availableProcessors() * 100).append("%):\n\n");
    out.append(report.cpuTable(BenchRows.HEADLINES)).append('\n');
    List<String> problems = report.problems();
    out.append(problems.isEmpty() ? "No errors.\n" : "Problems:\n");
    problems.forEach(p -> out.append("- ").append(p).append('\n'));
    return out.toString();
  }
}
