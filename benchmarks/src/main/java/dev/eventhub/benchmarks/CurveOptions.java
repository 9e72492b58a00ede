package dev.eventhub.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The sizes of the cost curves K1-K5 (issue 24, item 4), parsed apart from {@link Settings} as {@link ScaleOptions}
 * is: {@code Settings.parse} hands over every option named in {@link #OPTIONS}. Each list is taken from small to
 * large, whatever order it was given in.
 *
 * @param subscribers K1: subscribers on one category, one point each
 * @param categories K2: categories with one subscriber each
 * @param filters K3: filters per subscription (event globs, keys; attributes stop at {@value #MAX_ATTRIBUTES})
 * @param logSizes K4: events in the log
 * @param rates K5: publishes per second, up to the first the hub does not keep up with
 * @param deliveryRate K1-K3: deliveries per second at every point, so that the work per second is the same at each
 * @param replayEvents K4: events replayed from the tail of the log at each size
 * @param svgDir where the curves' SVG files go
 * @param k4OldSchema K4: the filled log is left as a build before issue 24 made it (no counts table),
 *     for a baseline distribution of such a build ({@code --k-fill-schema before-24}); the fill itself uses this
 *     build's log
 */
record CurveOptions(List<Integer> subscribers, List<Integer> categories, List<Integer> filters, List<Long> logSizes,
    List<Integer> rates, int deliveryRate, int replayEvents, Path svgDir, boolean k4OldSchema) {

  /** An event holds at most 16 attributes (protocol.md), so an attribute filter names at most 16. */
  static final int MAX_ATTRIBUTES = 16;

  static final Set<String> OPTIONS = Set.of("--k-subscribers", "--k-categories", "--k-filters", "--k-log-sizes",
      "--k-rates", "--k-delivery-rate", "--k-replay-events", "--k-svg-dir", "--k-fill-schema");

  static CurveOptions defaults() {
    return new CurveOptions(List.of(10, 100, 1_000, 10_000), List.of(1, 100, 10_000), List.of(1, 10, 100),
        List.of(1_000_000L, 10_000_000L), List.of(500, 1_000, 2_000, 5_000, 10_000, 20_000, 40_000, 80_000), 20_000,
        100_000, Path.of("benchmarks/target/curves"), false);
  }

  /** The options of {@link #OPTIONS} found in {@code args}; a bad value is refused naming the option. */
  static CurveOptions parse(String[] args) {
    CurveOptions d = defaults();
    List<Integer> subscribers = d.subscribers;
    List<Integer> categories = d.categories;
    List<Integer> filters = d.filters;
    List<Long> logSizes = d.logSizes;
    List<Integer> rates = d.rates;
    int deliveryRate = d.deliveryRate;
    int replayEvents = d.replayEvents;
    Path svgDir = d.svgDir;
    boolean k4OldSchema = d.k4OldSchema;
    for (int i = 0; i + 1 < args.length; i++) {
      String option = args[i];
      String v = args[i + 1];
      switch (option) {
        case "--k-subscribers" -> subscribers = ints(option, v);
        case "--k-categories" -> categories = ints(option, v);
        case "--k-filters" -> filters = ints(option, v);
        case "--k-log-sizes" -> logSizes = longs(option, v);
        case "--k-rates" -> rates = ints(option, v);
        case "--k-delivery-rate" -> deliveryRate = Math.toIntExact(positive(option, v.trim()));
        case "--k-replay-events" -> replayEvents = Math.toIntExact(positive(option, v.trim()));
        case "--k-svg-dir" -> svgDir = Path.of(v);
        case "--k-fill-schema" -> k4OldSchema = fillSchema(option, v.trim());
        default -> {
          continue;
        }
      }
      i++;
    }
    return new CurveOptions(subscribers, categories, filters, logSizes, rates, deliveryRate, replayEvents, svgDir,
        k4OldSchema);
  }

  private static boolean fillSchema(String option, String value) {
    return switch (value) {
      case "before-24" -> true;
      case "current" -> false;
      default -> throw new IllegalArgumentException(option + " must be 'current' or 'before-24', not '" + value + "'");
    };
  }

  private static List<Integer> ints(String option, String value) {
    return longs(option, value).stream().map(n -> {
      if (n > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(option + ": " + n + " is too large");
      }
      return n.intValue();
    }).toList();
  }

  // A comma-separated list of positive whole numbers, with k and M for thousands and millions (10k, 100M).
  private static List<Long> longs(String option, String value) {
    List<Long> out = new ArrayList<>();
    for (String part : value.split(",")) {
      out.add(positive(option, part.trim()));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(option + " needs at least one size");
    }
    return Arrays.stream(out.toArray(Long[]::new)).distinct().sorted().toList();
  }

  static long positive(String option, String text) {
    long scale = 1;
    String digits = text;
    if (text.endsWith("k") || text.endsWith("K")) {
      scale = 1_000;
      digits = text.substring(0, text.length() - 1);
    } else if (text.endsWith("M")) {
      scale = 1_000_000;
      digits = text.substring(0, text.length() - 1);
    }
    try {
      long n = Math.multiplyExact(Long.parseLong(digits), scale);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException | ArithmeticException e) {
      // Said below.
    }
    throw new IllegalArgumentException(option + " needs positive whole numbers (10, 10k, 100M), not '" + text + "'");
  }
}
