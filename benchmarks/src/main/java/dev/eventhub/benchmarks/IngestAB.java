package dev.eventhub.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * S11 (issue 24 item 7): durable ingest of arrays of 50 ({@code POST /api/events}, 32 in flight) against the bare
 * server's non-durable ingest, run after run in one invocation; with {@code --baseline-dist DIR}, also against
 * another build of the hub (e.g. one of main), so that a change to the publish path is measured A/B on the same
 * machine in the same minutes. Parsed apart from {@link Settings}, as {@link ScaleOptions} is.
 */
final class IngestAB {
  static final String SCENARIO = "S11";
  static final String OPTION = "--baseline-dist";
  static final String BASELINE = "hub baseline";

  static final List<Report.Row> ROWS = List.of(
      new Report.Row(SCENARIO, "events/s acknowledged, batches of 50, 32 in flight", "hub", "events/s",
          "≥ 0.8 × bare", true, r -> r >= 0.8),
      new Report.Row(SCENARIO, "events/s, the baseline build", BASELINE, "events/s", "", true, null),
      new Report.Row(SCENARIO, "events/s, this build against the baseline build (ratio column)", "hub", "events/s", "",
          true, null, BASELINE),
      new Report.Row(SCENARIO, "server CPU µs per event", "hub", "server µs/event", "", false, null),
      new Report.Row(SCENARIO, "server CPU µs per event, the baseline build (ratio column: the baseline's / this build's)",
          BASELINE, "server µs/event", "", false, null, "hub"));

  private IngestAB() {}

  /** The baseline distribution named by {@value #OPTION}, or null. */
  static Path baselineDist(String[] args) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (OPTION.equals(args[i])) {
        Path dir = Path.of(args[i + 1]);
        if (!Files.isDirectory(dir.resolve("bin"))) {
          throw new IllegalArgumentException(OPTION + ": " + dir + " is not an unpacked distribution (no bin/)");
        }
        return dir;
      }
    }
    return null;
  }

  static String caption(boolean withBaseline) {
    return "S11: durable ingest, arrays of 50 events, 32 requests in flight, run after run on the same machine"
        + (withBaseline ? " (hub: this build; hub baseline: " + OPTION + ")" : "") + "; medians.\n\n";
  }
}
