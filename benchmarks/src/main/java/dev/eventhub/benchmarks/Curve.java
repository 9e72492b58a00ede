package dev.eventhub.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One cost curve of K1-K5 (issue 24, item 4): per series, the figures measured at each size, from small to large,
 * each with the machine's load average when it was measured (the figures of a busy machine are read with it). It
 * makes the markdown table, an SVG plot per figure ({@link SvgChart}), and the verdict on growth: the log-log slope
 * between the smallest and the largest size. A cost per unit of work (µs per delivery) whose slope is above
 * {@value #FLAT} means the total cost grows faster than linearly with the size.
 */
final class Curve {
  /** The slope of a per-unit cost against size above which growth is called faster than linear. */
  static final double FLAT = 0.15;

  /** One measured size of one series. */
  record Point(String series, double x, Map<String, Double> values, List<String> problems, String load) {}

  /** A figure shown in the table: its key in the samples and its column heading. */
  record Column(String key, String heading) {}

  private final String scenario;
  private final String title;
  private final String xLabel;
  private final List<Point> points = new ArrayList<>();

  Curve(String scenario, String title, String xLabel) {
    this.scenario = scenario;
    this.title = title;
    this.xLabel = xLabel;
  }

  String scenario() {
    return scenario;
  }

  Curve add(String series, double x, Sample sample, String load) {
    points.add(new Point(series, x, new LinkedHashMap<>(sample.values), List.copyOf(sample.problems), load));
    return this;
  }

  List<Point> points() {
    return List.copyOf(points);
  }

  /** The table: a row per point in the order measured, the load average and the problems with each. */
  String table(List<Column> columns) {
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%s: %s; load average (1, 5, 15 min) at each"
        + " point in its row.%n%n| series | %s |", scenario, title, xLabel));
    columns.forEach(c -> out.append(' ').append(c.heading()).append(" |"));
    out.append(" load average | problems |\n|---|---:|");
    columns.forEach(c -> out.append("---:|"));
    out.append("---|---|\n");
    for (Point p : points) {
      out.append("| ").append(p.series()).append(" | ").append(SvgChart.label(p.x())).append(" |");
      columns.forEach(c -> out.append(' ').append(Report.number(p.values().getOrDefault(c.key(), Double.NaN))).append(" |"));
      out.append(' ').append(p.load()).append(" | ").append(String.join("; ", p.problems()).replace("|", "/"))
          .append(" |\n");
    }
    return out.toString();
  }

  /** The plot of {@code key} against the size, a line per series. */
  String svg(String key, String yLabel, boolean logY) {
    SvgChart chart = new SvgChart(scenario + ": " + title, xLabel, yLabel, logY);
    points.forEach(p -> chart.point(p.series(), p.x(), p.values().getOrDefault(key, Double.NaN)));
    return chart.render();
  }

  /**
   * How {@code key} grows from the smallest size to the largest, per series: the ratio of the values, the ratio of
   * the sizes, and the slope log(value ratio) / log(size ratio); NaN when a series has fewer than two values.
   */
  Map<String, double[]> growth(String key) {
    Map<String, double[]> out = new LinkedHashMap<>();
    Map<String, List<Point>> bySeries = new LinkedHashMap<>();
    points.forEach(p -> bySeries.computeIfAbsent(p.series(), s -> new ArrayList<>()).add(p));
    bySeries.forEach((series, list) -> {
      List<Point> valued = list.stream().filter(p -> {
        Double v = p.values().get(key);
        return v != null && v > 0 && Double.isFinite(v);
      }).sorted((a, b) -> Double.compare(a.x(), b.x())).toList();
      if (valued.size() < 2 || valued.get(0).x() == valued.get(valued.size() - 1).x()) {
        out.put(series, new double[] {Double.NaN, Double.NaN, Double.NaN});
        return;
      }
      Point first = valued.get(0);
      Point last = valued.get(valued.size() - 1);
      double valueRatio = last.values().get(key) / first.values().get(key);
      double sizeRatio = last.x() / first.x();
      out.put(series, new double[] {valueRatio, sizeRatio, slope(first.x(), first.values().get(key), last.x(),
          last.values().get(key))});
    });
    return out;
  }

  /** The slope of the line through two points on log-log axes: 0 flat, 1 proportional. */
  static double slope(double x0, double y0, double x1, double y1) {
    return Math.log(y1 / y0) / Math.log(x1 / x0);
  }

  /**
   * The growth of a latency, in words, per series: how many times it grew for how many times the size; a latency is
   * not a cost per unit, so its slope says only whether it rises with the size.
   */
  String latencyVerdict(String key, String what) {
    StringBuilder out = new StringBuilder();
    growth(key).forEach((series, g) -> out.append(Double.isNaN(g[2])
        ? String.format(Locale.ROOT, "- %s, %s: fewer than two points measured%n", series, what)
        : String.format(Locale.ROOT, "- %s, %s: ×%.2f for ×%s of the size (log-log slope %.2f): %s%n", series, what,
            g[0], SvgChart.label(g[1]), g[2], g[2] > FLAT ? "**rises with the size**" : "flat or falling")));
    return out.toString();
  }

  /**
   * The growth of a per-unit cost, in words, per series: e.g. {@code hub: ×3.10 from 10 to 10k (slope 0.16):
   * total cost grows faster than linearly}.
   */
  String perUnitVerdict(String key, String what) {
    StringBuilder out = new StringBuilder();
    growth(key).forEach((series, g) -> {
      if (Double.isNaN(g[2])) {
        out.append(String.format(Locale.ROOT, "- %s, %s: fewer than two points measured%n", series, what));
        return;
      }
      out.append(String.format(Locale.ROOT, "- %s, %s: ×%.2f for ×%s of the size (log-log slope %.2f): %s%n", series,
          what, g[0], SvgChart.label(g[1]), g[2], g[2] > FLAT ? "**the total grows faster than linearly**"
              : "the total grows linearly or slower"));
    });
    return out.toString();
  }
}
