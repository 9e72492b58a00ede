package dev.eventhub.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The lines of the harness's tables, with their targets (docs/performance.md), and each scenario's headline figure. */
final class BenchRows {
  private BenchRows() {}

  static final List<Report.Row> ROWS = List.of(
      new Report.Row("S1", "deliveries/s, one event per frame", "hub", "deliveries/s", "≥ 1.0 × bare", true, r -> r >= 1.0),
      new Report.Row("S1", "deliveries/s, `batch: true`", "hub batch", "deliveries/s", "≥ 3 × bare", true, r -> r >= 3.0),
      new Report.Row("S1", "events published/s, one event per frame", "hub", "events published/s", "", false, null),
      new Report.Row("S1", "events published/s, `batch: true`", "hub batch", "events published/s", "", false, null),
      new Report.Row("S1", "events per frame, `batch: true`", "hub batch", "events/frame", "", false, null),
      new Report.Row("S1", "server CPU µs per delivery, one event per frame", "hub", "server µs/delivery", "", false, null),
      new Report.Row("S1", "server CPU µs per delivery, `batch: true`", "hub batch", "server µs/delivery", "", false, null),
      new Report.Row("S2", "latency p50 (ms)", "hub", "p50 ms", "", false, null),
      new Report.Row("S2", "latency p99 (ms)", "hub", "p99 ms", "≤ 8 ms", false, v -> v <= 8),
      new Report.Row("S2", "latency p99.9 (ms)", "hub", "p99.9 ms", "", false, null),
      new Report.Row("S2", "latency max (ms)", "hub", "max ms", "", false, null),
      new Report.Row("S2", "server CPU µs per delivery", "hub", "server µs/delivery", "", false, null),
      new Report.Row("S2", "events published/s (the pace; BENCH_S2_RATE)", "hub", "publishes/s", "", false, null), // issue 24
      new Report.Row("S3", "RSS per idle connection after GC (KiB)", "hub", "RSS KiB/conn", "≤ 15 KB", false, v -> v <= 15),
      new Report.Row("S3", "heap per idle connection after GC (KiB)", "hub", "heap KiB/conn", "", false, null),
      new Report.Row("S3", "connects/s (upgrade + subscribe)", "hub", "connects/s", "", false, null),
      new Report.Row("S4 single", "events/s acknowledged, single, concurrency 64", "hub", "events/s", "≥ 20,000/s", false,
          v -> v >= 20_000),
      new Report.Row("S4 batched", "events/s acknowledged, batches of 100", "hub", "events/s", "≥ 100,000/s", false,
          v -> v >= 100_000),
      new Report.Row("S4 single", "server CPU µs per event, single", "hub", "server µs/event", "", false, null),
      new Report.Row("S4 batched", "server CPU µs per event, batches of 100", "hub", "server µs/event", "", false, null),
      // Issue 24 item 7: durable ingest of arrays of 50 within 0.8 x the bare server's (non-durable) ingest.
      new Report.Row("S4 batched 50", "events/s acknowledged, batches of 50, 32 in flight", "hub", "events/s",
          "≥ 0.8 × bare", true, r -> r >= 0.8),
      new Report.Row("S4 batched 50", "server CPU µs per event, batches of 50", "hub", "server µs/event", "", false, null),
      new Report.Row("S5", "replay events/s, one event per frame", "hub", "events/s", "≥ 200,000/s", false,
          v -> v >= 200_000),
      new Report.Row("S5 batch", "replay events/s, `batch: true`", "hub", "events/s", "", false, null),
      new Report.Row("S5", "server CPU µs per replayed event", "hub", "server µs/event", "", false, null),
      new Report.Row("S6", "p99 first minute (ms)", "hub", "p99 first minute ms", "stable", false, null),
      new Report.Row("S6", "p99 last minute (ms)", "hub", "p99 last minute ms", "stable", false, null),
      new Report.Row("S6", "heap after GC, first minute (MiB)", "hub", "heap after GC first MiB", "flat", false, null),
      new Report.Row("S6", "heap after GC, last minute (MiB)", "hub", "heap after GC last MiB", "flat", false, null));

  /**
   * C1, C2 and C3: the cluster against the single hub (not against bare); µs per delivery or event sum the members'
   * CPU (the Kafka brokers' is shown apart, in the CPU table).
   */
  static final List<Report.Row> CLUSTER_ROWS = clusterRows();

  private static List<Report.Row> clusterRows() {
    List<Report.Row> rows = new ArrayList<>(List.of(
        new Report.Row("C1", "deliveries/s, one event per frame", "cluster", "deliveries/s", "", false, null, "hub"),
        new Report.Row("C1", "deliveries/s, `batch: true`", "cluster batch", "deliveries/s", "", false, null, "hub batch"),
        new Report.Row("C1", "deliveries/s per subscriber, slowest node (cluster) or the hub, one event per frame",
            "cluster", "deliveries/s per subscriber, slowest server", "≥ 0.9 × hub", true, r -> r >= 0.9, "hub"),
        new Report.Row("C1", "deliveries/s per subscriber, slowest node or the hub, `batch: true`", "cluster batch",
            "deliveries/s per subscriber, slowest server", "≥ 0.9 × hub", true, r -> r >= 0.9, "hub batch")));
    for (int i = 1; i <= Bench.CLUSTER_SIZE; i++) {
      rows.add(new Report.Row("C1", "deliveries/s per subscriber, node " + i + ", one event per frame", "cluster",
          "deliveries/s per subscriber node " + i, "", false, null, "hub"));
    }
    rows.addAll(List.of(
        new Report.Row("C1", "events published/s, one event per frame", "cluster", "events published/s", "", false, null, "hub"),
        new Report.Row("C1", "events published/s, `batch: true`", "cluster batch", "events published/s", "", false, null,
            "hub batch"),
        new Report.Row("C1", "events per frame, `batch: true`", "cluster batch", "events/frame", "", false, null, "hub batch"),
        new Report.Row("C1", "server CPU µs per delivery, one event per frame", "cluster", "server µs/delivery", "", false,
            null, "hub"),
        new Report.Row("C1", "server CPU µs per delivery, `batch: true`", "cluster batch", "server µs/delivery", "", false,
            null, "hub batch"),
        new Report.Row("C2", "latency p50 (ms)", "cluster", "p50 ms", "", false, null, "hub"),
        new Report.Row("C2", "latency p99 (ms)", "cluster", "p99 ms", "≤ 15 ms", false, v -> v <= 15, "hub"),
        new Report.Row("C2", "latency p99.9 (ms)", "cluster", "p99.9 ms", "", false, null, "hub"),
        new Report.Row("C2", "latency max (ms)", "cluster", "max ms", "", false, null, "hub")));
    for (int i = 1; i <= Bench.CLUSTER_SIZE; i++) {
      rows.add(new Report.Row("C2", "latency p50 (ms), subscribers on node " + i, "cluster", "p50 ms node " + i, "",
          false, null, "hub"));
      rows.add(new Report.Row("C2", "latency p99 (ms), subscribers on node " + i, "cluster", "p99 ms node " + i, "",
          false, null, "hub"));
    }
    rows.addAll(List.of(
        new Report.Row("C2", "server CPU µs per delivery", "cluster", "server µs/delivery", "", false, null, "hub"),
        new Report.Row("C3 single", "events/s acknowledged, single, concurrency 64", "cluster", "events/s", "", false,
            null, "hub"),
        new Report.Row("C3 batched", "events/s acknowledged, batches of 100", "cluster", "events/s", "", false, null,
            "hub"),
        new Report.Row("C3 single", "server CPU µs per event, single", "cluster", "server µs/event", "", false, null,
            "hub"),
        new Report.Row("C3 batched", "server CPU µs per event, batches of 100", "cluster", "server µs/event", "", false,
            null, "hub")));
    return List.copyOf(rows);
  }

  /** S7: S1's fan-out over connections that negotiated permessage-deflate, against plain ones, on one hub. */
  static final List<Report.Row> DEFLATE_ROWS = List.of(
      new Report.Row("S7", "deliveries/s, one event per frame", "deflate", "deliveries/s", "", false, null, "plain"),
      new Report.Row("S7", "bytes read per delivery by the generator (the subscribers' frames off TCP)", "deflate",
          "generator bytes read/delivery", "", false, null, "plain"),
      new Report.Row("S7", "bytes written per delivery by the hub (frames, and its log's writes)", "deflate",
          "hub bytes written/delivery", "", false, null, "plain"),
      new Report.Row("S7", "server CPU µs per delivery", "deflate", "server µs/delivery", "", false, null, "plain"),
      new Report.Row("S7", "generator CPU µs per delivery (the subscribers inflate)", "deflate",
          "generator µs/delivery", "", false, null, "plain"));

  /** S8 (issue 24): durable publishing over WebSocket frames against POST /api/events, on one hub, run after run. */
  static final List<Report.Row> WS_PUBLISH_ROWS = List.of(
      new Report.Row("S8 single", "events/s acknowledged durable, one event per publish, 64 in flight", "websocket",
          "events/s", "≥ 50,000/s", false, v -> v >= 50_000, "http"),
      new Report.Row("S8 batched", "events/s acknowledged durable, 100 events per publish, 16 in flight", "websocket",
          "events/s", "≥ 300,000/s", false, v -> v >= 300_000, "http"),
      new Report.Row("S8 single", "server CPU µs per event, single", "websocket", "server µs/event", "", false, null,
          "http"),
      new Report.Row("S8 batched", "server CPU µs per event, batches of 100", "websocket", "server µs/event", "", false,
          null, "http"));

  static final Map<String, String> HEADLINES = Map.ofEntries(
      Map.entry("S8 single", "events/s"),
      Map.entry("S8 batched", "events/s"),
      Map.entry("S7", "deliveries/s"),
      Map.entry("S10", "deliveries/s"),
      Map.entry("S1", "deliveries/s"),
      Map.entry("S2", "p99 ms"),
      Map.entry("S3", "RSS KiB/conn"),
      Map.entry("S4 single", "events/s"),
      Map.entry("S4 batched", "events/s"),
      Map.entry("S4 batched 50", "events/s"), // issue 24 item 7
      Map.entry(IngestAB.SCENARIO, "events/s"), // issue 24 item 7
      Map.entry("S5", "events/s"),
      Map.entry("S5 batch", "events/s"),
      Map.entry("S6", "p99 ms"),
      Map.entry("C1", "deliveries/s"),
      Map.entry("C2", "p99 ms"),
      Map.entry("C3 single", "events/s"),
      Map.entry("C3 batched", "events/s"),
      Map.entry(PeerFanOut.SCENARIO, "deliveries/s"), // issue 24
      Map.entry(ConnectionScale.IDLE, "RSS KiB/conn"),
      Map.entry(ConnectionScale.STORM, "connects/s"),
      Map.entry(PeerFanOut.LIVE, "deliveries/s"));
}
