package dev.eventhub.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A line chart as an SVG document, for the cost curves of docs/performance.md: the benchmark draws
 * its own plots, so a figure and its picture come from one run and need no plotting tool.
 *
 * <p>The x axis is logarithmic (the curves go from 10 to 10,000 subscribers, 1 to 100 million
 * events), the y axis linear from 0, or logarithmic when asked. Each series is a polyline with
 * its points marked; a point whose value is not a finite positive number is left out.
 */
final class SvgChart {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 400;
  private static final int LEFT = 72;
  private static final int RIGHT = 150;
  private static final int TOP = 40;
  private static final int BOTTOM = 56;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final boolean logY;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();

  SvgChart(String title, String xLabel, String yLabel, boolean logY) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
    this.logY = logY;
  }

  /** Adds a point to {@code name}'s series (made on first use; series keep the order they were named in). */
  SvgChart point(String name, double x, double y) {
    if (x > 0 && Double.isFinite(x) && Double.isFinite(y) && (y > 0 || !logY && y >= 0)) {
      series.computeIfAbsent(name, n -> new ArrayList<>()).add(new double[] {x, y});
    }
    return this;
  }

  /** The SVG document. */
  String render() {
    List<double[]> all = series.values().stream().flatMap(List::stream).toList();
    double minX = all.stream().mapToDouble(p -> p[0]).min().orElse(1);
    double maxX = all.stream().mapToDouble(p -> p[0]).max().orElse(10);
    double minY = logY ? all.stream().mapToDouble(p -> p[1]).min().orElse(1) : 0;
    double maxY = all.stream().mapToDouble(p -> p[1]).max().orElse(1);
    Axis x = Axis.log(minX, maxX, LEFT, WIDTH - RIGHT);
    Axis y = logY ? Axis.log(minY, maxY, HEIGHT - BOTTOM, TOP) : Axis.linear(maxY, HEIGHT - BOTTOM, TOP);
    StringBuilder svg = new StringBuilder();
    svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
        + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
    svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    text(svg, WIDTH / 2.0, 22, "middle", 15, title);
    text(svg, (LEFT + WIDTH - RIGHT) / 2.0, HEIGHT - 14, "middle", 12, xLabel);
    svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 16 %.1f)\">%s</text>%n",
        (TOP + HEIGHT - BOTTOM) / 2.0, (TOP + HEIGHT - BOTTOM) / 2.0, escape(yLabel)));
    grid(svg, x, y);
    int i = 0;
    for (Map.Entry<String, List<double[]>> s : series.entrySet()) {
      line(svg, s.getValue(), x, y, COLOURS[i % COLOURS.length]);
      double legendY = TOP + 16 + i * 18;
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"/>%n",
          WIDTH - RIGHT + 12, legendY - 4, WIDTH - RIGHT + 32, legendY - 4, COLOURS[i % COLOURS.length]));
      text(svg, WIDTH - RIGHT + 38, legendY, "start", 12, s.getKey());
      i++;
    }
    return svg.append("</svg>\n").toString();
  }

  private static void grid(StringBuilder svg, Axis x, Axis y) {
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>%n",
        LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
    for (double t : x.ticks()) {
      double px = x.at(t);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n",
          px, TOP, px, HEIGHT - BOTTOM));
      text(svg, px, HEIGHT - BOTTOM + 16, "middle", 11, label(t));
    }
    for (double t : y.ticks()) {
      double py = y.at(t);
      svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>%n",
          LEFT, py, WIDTH - RIGHT, py));
      text(svg, LEFT - 6, py + 4, "end", 11, label(t));
    }
  }

  private static void line(StringBuilder svg, List<double[]> points, Axis x, Axis y, String colour) {
    List<double[]> sorted = points.stream().sorted((a, b) -> Double.compare(a[0], b[0])).toList();
    StringBuilder path = new StringBuilder();
    for (double[] p : sorted) {
      path.append(String.format(Locale.ROOT, "%.1f,%.1f ", x.at(p[0]), y.at(p[1])));
    }
    svg.append(String.format(Locale.ROOT, "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n",
        path.toString().trim(), colour));
    for (double[] p : sorted) {
      svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n",
          x.at(p[0]), y.at(p[1]), colour));
    }
  }

  private static void text(StringBuilder svg, double x, double y, String anchor, int size, String text) {
    svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, escape(text)));
  }

  /** 1, 10, 100, 1k, 10k, 1M... and plain numbers below 1000 (at most three significant digits). */
  static String label(double v) {
    if (v >= 1_000_000) {
      return trim(v / 1_000_000) + "M";
    }
    if (v >= 1_000) {
      return trim(v / 1_000) + "k";
    }
    return trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.3g", v);
    return s.contains(".") && !s.contains("e") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Maps values to pixels: linear from 0, or by powers of ten. */
  record Axis(boolean log, double from, double to, double pixelFrom, double pixelTo) {
    static Axis log(double min, double max, double pixelFrom, double pixelTo) {
      double lo = Math.pow(10, Math.floor(Math.log10(min)));
      double hi = Math.pow(10, Math.ceil(Math.log10(max)));
      return new Axis(true, lo, hi <= lo ? lo * 10 : hi, pixelFrom, pixelTo);
    }

    static Axis linear(double max, double pixelFrom, double pixelTo) {
      double step = niceStep(max <= 0 ? 1 : max);
      return new Axis(false, 0, Math.ceil((max <= 0 ? 1 : max) / step) * step, pixelFrom, pixelTo);
    }

    double at(double value) {
      double share = log ? Math.log10(value / from) / Math.log10(to / from) : (value - from) / (to - from);
      return pixelFrom + share * (pixelTo - pixelFrom);
    }

    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (double t = from; t <= to * 1.0001; t *= 10) {
          ticks.add(t);
        }
      } else {
        double step = niceStep(to);
        for (double t = 0; t <= to * 1.0001; t += step) {
          ticks.add(t);
        }
      }
      return ticks;
    }

    // About five ticks: 1, 2 or 5 times a power of ten.
    private static double niceStep(double max) {
      double raw = max / 5;
      double power = Math.pow(10, Math.floor(Math.log10(raw)));
      double unit = raw / power;
      return (unit <= 1 ? 1 : unit <= 2 ? 2 : unit <= 5 ? 5 : 10) * power;
    }
  }
}
