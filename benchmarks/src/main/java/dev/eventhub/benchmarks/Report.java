package dev.eventhub.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoublePredicate;

/**
 * The samples of one invocation, and the tables made of them: per measure the median over runs for
 * the hub and the bare server (or, for C1 and C2, for the cluster and the single hub), their ratio,
 * the target and whether it is met; per server the CPU of each process in its median run, and what
 * limited it.
 */
final class Report {
  /**
   * One line of the figures table.
   *
   * @param scenario e.g. {@code S1}; the samples are looked up under it
   * @param hubVariant the measured variant ({@code hub}, {@code hub batch}, {@code cluster}...)
   * @param key the figure's name in the samples
   * @param target the target as text, or empty
   * @param onRatio whether {@code met} is checked on hub/bare rather than on the hub's figure
   * @param met the check, or null when there is no target
   * @param baseline the variant it is compared with: {@code bare} unless said
   */
  record Row(String scenario, String measure, String hubVariant, String key, String target, boolean onRatio,
      DoublePredicate met, String baseline) {
    Row(String scenario, String measure, String hubVariant, String key, String target, boolean onRatio,
        DoublePredicate met) {
      this(scenario, measure, hubVariant, key, target, onRatio, met, "bare");
    }
  }

  private final Map<String, Map<String, List<Sample>>> samples = new LinkedHashMap<>();

  void add(String scenario, String variant, Sample sample) {
    samples.computeIfAbsent(scenario, s -> new LinkedHashMap<>()).computeIfAbsent(variant, v -> new ArrayList<>())
        .add(sample);
  }

  List<Sample> samples(String scenario, String variant) {
    return samples.getOrDefault(scenario, Map.of()).getOrDefault(variant, List.of());
  }

  double median(String scenario, String variant, String key) {
    double[] values = samples(scenario, variant).stream().map(s -> s.values.get(key)).filter(v -> v != null && !v.isNaN())
        .mapToDouble(Double::doubleValue).sorted().toArray();
    if (values.length == 0) {
      return Double.NaN;
    }
    int mid = values.length / 2;
    return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
  }

  /** The run whose {@code key} is the median: its CPU figures are the ones shown. */
  Sample medianSample(String scenario, String variant, String key) {
    List<Sample> list = new ArrayList<>(samples(scenario, variant));
    list.sort(Comparator.comparingDouble(s -> s.values.getOrDefault(key, 0.0)));
    return list.isEmpty() ? null : list.get((list.size() - 1) / 2);
  }

  /** Every figure the samples hold, as numbers: what the smoke test checks. */
  boolean hasFigures() {
    return samples.values().stream().flatMap(m -> m.values().stream()).flatMap(List::stream)
        .anyMatch(s -> s.values.values().stream().anyMatch(v -> v > 0));
  }

  /** Whether any of {@code rows} has samples: a table of none is left out. */
  boolean hasAny(List<Row> rows) {
    return rows.stream().anyMatch(this::measured);
  }

  private boolean measured(Row row) {
    return !samples(row.scenario(), row.hubVariant()).isEmpty();
  }

  String figuresTable(List<Row> rows) {
    return figuresTable(rows, "hub", "bare", "hub/bare");
  }

  /** The table with the columns of the measured variant, of the baseline and of their ratio named as given. */
  String figuresTable(List<Row> rows, String measured, String baseline, String ratioName) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "| scenario | measure | %s | %s | %s | target | met |%n",
        measured, baseline, ratioName))
        .append("|---|---|---:|---:|---:|---|---|\n");
    for (Row row : rows) {
      if (!measured(row)) {
        continue;
      }
      double hub = median(row.scenario(), row.hubVariant(), row.key());
      double bare = median(row.scenario(), row.baseline(), row.key());
      double ratio = hub / bare;
      String met = row.met() == null ? "" : Double.isNaN(row.onRatio() ? ratio : hub) ? "?"
          : row.met().test(row.onRatio() ? ratio : hub) ? "yes" : "**no**";
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", row.scenario(), row.measure(),
          number(hub), number(bare), Double.isNaN(ratio) || Double.isInfinite(ratio) ? "" : String.format(Locale.ROOT, "%.2f", ratio),
          row.target(), met));
    }
    return out.toString();
  }

  /** Per scenario and server: CPU of the server, the generator and the machine in the median run; what saturated. */
  String cpuTable(Map<String, String> headlineKeys) {
    StringBuilder out = new StringBuilder(
        "| scenario | server | server CPU | generator CPU | other processes | machine busy | busiest server threads | limit |\n")
        .append("|---|---|---:|---:|---:|---:|---|---|\n");
    samples.forEach((scenario, variants) -> variants.forEach((variant, list) -> {
      Sample s = medianSample(scenario, variant, headlineKeys.getOrDefault(scenario, ""));
      if (s == null || s.cpu == null) {
        return;
      }
      CpuMeter.Report c = s.cpu;
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %.0f%% | %.0f%% | %.0f%% of %.0f%% | %s | %s |%n",
          scenario, variant, c.serverText(), c.generator(), c.others(), c.machine(), c.capacity(), c.serverTopThreads(3),
          c.saturation()));
    }));
    return out.toString();
  }

  List<String> problems() {
    List<String> out = new ArrayList<>();
    samples.forEach((scenario, variants) -> variants.forEach((variant, list) -> {
      for (int i = 0; i < list.size(); i++) {
        for (String p : list.get(i).problems) {
          out.add(scenario + " " + variant + " run " + (i + 1) + ": " + p);
        }
      }
    }));
    return out;
  }

  /** Every sample as JSON: {@code {"S1":{"hub":[{"values":{...},"problems":[...]},...]}}}. */
  io.vertx.core.json.JsonObject toJson() {
    io.vertx.core.json.JsonObject out = new io.vertx.core.json.JsonObject();
    samples.forEach((scenario, variants) -> {
      io.vertx.core.json.JsonObject byVariant = new io.vertx.core.json.JsonObject();
      variants.forEach((variant, list) -> {
        io.vertx.core.json.JsonArray runs = new io.vertx.core.json.JsonArray();
        for (Sample s : list) {
          io.vertx.core.json.JsonObject values = new io.vertx.core.json.JsonObject();
          s.values.forEach((k, v) -> values.put(k, v.isNaN() ? null : v));
          io.vertx.core.json.JsonObject run = new io.vertx.core.json.JsonObject().put("values", values)
              .put("problems", new io.vertx.core.json.JsonArray(s.problems));
          if (s.cpu != null) {
            run.put("cpu", new io.vertx.core.json.JsonObject().put("server", s.cpu.server())
                .put("generator", s.cpu.generator()).put("others", s.cpu.others()).put("machine", s.cpu.machine())
                .put("saturation", s.cpu.saturation()).put("servers", new io.vertx.core.json.JsonObject(
                    new LinkedHashMap<String, Object>(s.cpu.perServer()))));
          }
          runs.add(run);
        }
        byVariant.put(variant, runs);
      });
      out.put(scenario, byVariant);
    });
    return out;
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "";
    }
    if (Math.abs(v) >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%.0f", v);
    }
    return String.format(Locale.ROOT, "%.2f", v);
  }

  /** One line per sample, printed as the runs go. */
  static String line(String scenario, String variant, int run, Sample s) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-10s %-9s %s:", scenario, variant,
        run <= 0 ? "warm-up" : "run " + run));
    s.values.forEach((k, v) -> out.append(' ').append(k).append(' ').append(number(v)).append(','));
    if (s.cpu != null) {
      out.append(String.format(Locale.ROOT, " cpu server %s generator %.0f%% others %.0f%% [%s; %s]",
          s.cpu.serverText(), s.cpu.generator(), s.cpu.others(), s.cpu.saturation(), s.cpu.serverTopThreads(2)));
    }
    s.problems.forEach(p -> out.append("\n    PROBLEM: ").append(p));
    return out.toString();
  }
}
