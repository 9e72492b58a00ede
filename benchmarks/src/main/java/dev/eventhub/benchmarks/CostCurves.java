package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The cost curves of issue 24, item 4, each measured from small to large against one hub started from the
 * distribution (defaults, auth on, durable log), run only when named:
 * <ul>
 *   <li>K1: subscribers per category ({@code --k-subscribers}, 10 to 10k), one category;
 *   <li>K2: categories with subscribers ({@code --k-categories}, 1 to 10k), one subscriber each, events spread over
 *       them in turn;
 *   <li>K3: filters per subscription ({@code --k-filters}): event globs, keys and attribute pairs, of which only the
 *       last matches (the worst place for a match found by looking through the list), 100 subscribers;
 *   <li>K4: see {@link LogSizeCurve};
 *   <li>K5: publish latency (single events, no subscriber) against the rate ({@code --k-rates}), up to the first
 *       rate the hub does not keep up with.
 * </ul>
 * K1-K3 publish {@code --k-delivery-rate} deliveries a second at every point (fewer events a second with more
 * subscribers), so that each point does the same work a second and the CPU per delivery is comparable; the first
 * point is run once more before, unrecorded (the hub's JIT). The subscribers are in this process, which also times
 * every delivery.
 */
final class CostCurves {
  static final List<String> SCENARIOS = List.of("K1", "K2", "K3", "K4", "K5");
  static final int K3_SUBSCRIBERS = 100;
  /** Events per {@code POST} at most (one per 2 ms tick): K1-K3. */
  private static final int PER_POST = 100;
  private static final int PARALLEL_SUBSCRIBES = 50;
  private static final List<Curve.Column> FANOUT_COLUMNS = List.of(
      new Curve.Column("server µs/delivery", "server CPU µs per delivery"),
      new Curve.Column("p50 ms", "p50 ms"),
      new Curve.Column("p99 ms", "p99 ms"),
      new Curve.Column("events/s acknowledged", "events/s"),
      new Curve.Column("deliveries/s", "deliveries/s"),
      new Curve.Column("server CPU %", "server CPU %"),
      new Curve.Column("machine busy %", "machine busy %"));
  private static final List<Curve.Column> PUBLISH_COLUMNS = List.of(
      new Curve.Column("events/s offered", "events/s offered"),
      new Curve.Column("events/s acknowledged", "events/s acknowledged"),
      new Curve.Column("publish p50 ms", "publish p50 ms"),
      new Curve.Column("publish p99 ms", "publish p99 ms"),
      new Curve.Column("server µs/event", "server CPU µs per event"),
      new Curve.Column("server CPU %", "server CPU %"),
      new Curve.Column("machine busy %", "machine busy %"));

  private final Vertx vertx;
  private final Settings settings;
  private final CurveOptions options;
  private final StringBuilder out = new StringBuilder();

  CostCurves(Vertx vertx, Settings settings, CurveOptions options) {
    this.vertx = vertx;
    this.settings = settings;
    this.options = options;
  }

  static boolean anyNamed(Settings settings) {
    return SCENARIOS.stream().anyMatch(settings::runs);
  }

  /** Runs the curves named; returns their tables, verdicts and the SVG files' names, as markdown. */
  String run() throws Exception {
    Files.createDirectories(options.svgDir());
    if (settings.profileDir() != null) {
      // --profile: each curve's hub records to DIR/hub-<curve>.jfr, and the JVM does not create DIR.
      Files.createDirectories(settings.profileDir());
    }
    if (settings.runs("K1")) {
      timed("K1", this::subscribersCurve);
    }
    if (settings.runs("K2")) {
      timed("K2", this::categoriesCurve);
    }
    if (settings.runs("K3")) {
      timed("K3", this::filtersCurve);
    }
    if (settings.runs("K4")) {
      timed("K4", () -> {
        LogSizeCurve k4 = new LogSizeCurve(vertx, settings, options);
        out.append(k4.run());
      });
    }
    if (settings.runs("K5")) {
      timed("K5", this::publishCurve);
    }
    return out.toString();
  }

  private interface Body {
    void run() throws Exception;
  }

  private void timed(String scenario, Body body) throws Exception {
    long t0 = System.nanoTime();
    body.run();
    String took = String.format(Locale.ROOT, "%s took %.1f min.%n%n", scenario, (System.nanoTime() - t0) / 60e9);
    System.out.print(took);
    out.append(took);
  }

  private void subscribersCurve() throws Exception {
    Curve curve = new Curve("K1", "CPU per delivery and latency against subscribers per category", "subscribers per category");
    int max = Collections.max(options.subscribers());
    try (Server hub = hub("K1", max, 100)) {
      List<Integer> sizes = withWarmUp(options.subscribers());
      for (int i = 0; i < sizes.size(); i++) {
        int n = sizes.get(i);
        String category = "k1-" + i + "-" + n;
        Sample s = fanOut(hub, n, k -> List.of(category), null, n,
            (count, stamp) -> events(count, stamp, k -> category, "tick", "k-1", null));
        record(curve, "hub", n, s, i == 0);
      }
    }
    finish(curve, FANOUT_COLUMNS, List.of(new String[] {"server µs/delivery", "server CPU µs per delivery", "cpu"},
        new String[] {"p99 ms", "p99 latency (ms)", "p99"}));
  }

  private void categoriesCurve() throws Exception {
    Curve curve = new Curve("K2", "CPU per delivery and latency against categories with subscribers (one each)",
        "categories with a subscriber");
    int max = Collections.max(options.categories());
    try (Server hub = hub("K2", max, 2 * max + 100)) {
      List<Integer> sizes = withWarmUp(options.categories());
      for (int i = 0; i < sizes.size(); i++) {
        int n = sizes.get(i);
        String prefix = "k2-" + i + "-";
        AtomicInteger next = new AtomicInteger();
        Sample s = fanOut(hub, n, k -> List.of(prefix + k), null, 1,
            (count, stamp) -> events(count, stamp, k -> prefix + Math.floorMod(next.getAndIncrement(), n), "tick",
                "k-1", null));
        record(curve, "hub", n, s, i == 0);
      }
    }
    finish(curve, FANOUT_COLUMNS, List.of(new String[] {"server µs/delivery", "server CPU µs per delivery", "cpu"},
        new String[] {"p99 ms", "p99 latency (ms)", "p99"}));
  }

  private void filtersCurve() throws Exception {
    Curve curve = new Curve("K3", "CPU per delivery and latency against filters per subscription, " + K3_SUBSCRIBERS
        + " subscribers, only the last filter matching", "filters per subscription");
    try (Server hub = hub("K3", K3_SUBSCRIBERS, 100)) {
      boolean first = true;
      int point = 0;
      for (String kind : List.of("event globs", "keys", "attributes")) {
        List<Integer> sizes = kind.equals("attributes")
            ? options.filters().stream().map(f -> Math.min(f, CurveOptions.MAX_ATTRIBUTES)).distinct().toList()
            : options.filters();
        if (first) {
          sizes = withWarmUp(sizes);
        }
        for (int i = 0; i < sizes.size(); i++) {
          int f = sizes.get(i);
          String category = "k3-" + point++;
          Sample s = fanOut(hub, K3_SUBSCRIBERS, k -> List.of(category), filter(kind, f), K3_SUBSCRIBERS,
              (count, stamp) -> events(count, stamp, k -> category, "tick", "k-1", EVENT_ATTRIBUTES));
          record(curve, kind, f, s, first && i == 0);
        }
        first = false;
      }
    }
    finish(curve, FANOUT_COLUMNS, List.of(new String[] {"server µs/delivery", "server CPU µs per delivery", "cpu"},
        new String[] {"p99 ms", "p99 latency (ms)", "p99"}));
  }

  private void publishCurve() throws Exception {
    Curve curve = new Curve("K5", "publish latency (single events, POST to its 201, durable) against the publish rate",
        "events published per second");
    try (Server hub = hub("K5", 10, 100)) {
      List<Integer> rates = withWarmUp(options.rates());
      for (int i = 0; i < rates.size(); i++) {
        int rate = rates.get(i);
        Sample s;
        try (Load load = new Load(vertx, hub, 256)) {
          s = PacedRun.run(load, List.of(), new Subscriber.Recorder(), rate, 0, 1,
              (count, stamp) -> events(count, stamp, k -> "k5", "tick", "k-1", null), settings);
        }
        record(curve, "hub", rate, s, i == 0);
        // The rates above a saturated one only queue more; three points at least make a curve.
        if (i > 3 && s.problems.stream().anyMatch(p -> p.startsWith("saturated"))) {
          break;
        }
      }
    }
    finish(curve, PUBLISH_COLUMNS, List.of(new String[] {"publish p99 ms", "publish p99 (ms)", "p99"},
        new String[] {"server µs/event", "server CPU µs per event", "cpu"}));
  }

  // The first size twice: once unrecorded, for the hub's JIT.
  private static List<Integer> withWarmUp(List<Integer> sizes) {
    List<Integer> out = new ArrayList<>();
    out.add(sizes.get(0));
    out.addAll(sizes);
    return out;
  }

  private void record(Curve curve, String series, double x, Sample s, boolean warmUp) {
    String load = loadAverage();
    System.out.println(Report.line(curve.scenario() + " " + series + " " + SvgChart.label(x), "hub",
        warmUp ? 0 : 1, s) + " load " + load);
    if (!warmUp) {
      curve.add(series, x, s, load);
    }
  }

  /** {@code n} subscribers (subscriber {@code k} to {@code categories.apply(k)}), paced for the delivery rate. */
  private Sample fanOut(Server hub, int n, IntFunction<List<String>> categories, JsonObject filter, int fanout,
      Pacer.Body body) throws Exception {
    try (Load load = new Load(vertx, hub, 64)) {
      load.subscribeExtra = filter;
      Subscriber.Recorder recorder = new Subscriber.Recorder();
      List<Subscriber> subscribers = subscribe(load, n, categories, recorder);
      try {
        double eventsPerSecond = (double) options.deliveryRate() / fanout;
        return PacedRun.run(load, subscribers, recorder, eventsPerSecond, fanout, PER_POST, body, settings);
      } finally {
        Load.closeAll(subscribers).await(60, TimeUnit.SECONDS);
      }
    }
  }

  private static List<Subscriber> subscribe(Load load, int n, IntFunction<List<String>> categories,
      Subscriber.Recorder recorder) throws Exception {
    List<Subscriber> out = Collections.synchronizedList(new ArrayList<>(n));
    AtomicInteger next = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(PARALLEL_SUBSCRIBES, n); i++) {
      lanes.add(lane(load, n, next, categories, recorder, out));
    }
    Future.all(lanes).await(5, TimeUnit.MINUTES);
    return new ArrayList<>(out);
  }

  private static Future<Void> lane(Load load, int n, AtomicInteger next, IntFunction<List<String>> categories,
      Subscriber.Recorder recorder, List<Subscriber> out) {
    int k = next.getAndIncrement();
    if (k >= n) {
      return Future.succeededFuture();
    }
    return load.subscribe(categories.apply(k), false, null, recorder).compose(s -> {
      out.add(s);
      return lane(load, n, next, categories, recorder, out);
    });
  }

  /** The attributes of every K3 event: the most an event may hold. */
  static final Map<String, String> EVENT_ATTRIBUTES = attributes();

  private static Map<String, String> attributes() {
    Map<String, String> a = new java.util.TreeMap<>();
    for (int i = 0; i < CurveOptions.MAX_ATTRIBUTES; i++) {
      a.put("a" + i, "v-" + i);
    }
    return Collections.unmodifiableMap(a);
  }

  /**
   * K3's subscription of {@code f} filters of {@code kind}, only the last of which matches the events: event
   * globs {@code nomatch-<i>-*} then {@code ti*}; keys {@code nokey-<i>} then {@code k-1}; attribute pairs, every
   * one a glob that matches (an attribute filter matches when every pair does).
   */
  static JsonObject filter(String kind, int f) {
    switch (kind) {
      case "event globs" -> {
        JsonArray globs = new JsonArray();
        for (int i = 0; i < f - 1; i++) {
          globs.add("nomatch-" + i + "-*");
        }
        return new JsonObject().put("events", globs.add("ti*"));
      }
      case "keys" -> {
        JsonArray keys = new JsonArray();
        for (int i = 0; i < f - 1; i++) {
          keys.add("nokey-" + i);
        }
        return new JsonObject().put("keys", keys.add("k-1"));
      }
      case "attributes" -> {
        JsonObject pairs = new JsonObject();
        for (int i = 0; i < Math.min(f, CurveOptions.MAX_ATTRIBUTES); i++) {
          pairs.put("a" + i, "v-*");
        }
        return new JsonObject().put("attributes", pairs);
      }
      default -> throw new IllegalArgumentException("no filter kind '" + kind + "'");
    }
  }

  /** A POST body of {@code n} benchmark events (one object when 1, else an array), categories by index. */
  static Buffer events(int n, long stamp, IntFunction<String> category, String type, String key,
      Map<String, String> attributes) {
    StringBuilder b = new StringBuilder(n * 200).append(n == 1 ? "" : "[");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("{\"category\":\"").append(category.apply(i)).append("\",\"event\":\"")
          .append(type).append("\",\"key\":\"").append(key).append("\",\"data\":{\"bench_t\":").append(stamp)
          .append(",\"payload\":\"").append(Load.PAYLOAD).append("\"}");
      if (attributes != null) {
        b.append(",\"attributes\":").append(new JsonObject(new HashMap<>(attributes)).encode());
      }
      b.append('}');
    }
    return Buffer.buffer(b.append(n == 1 ? "" : "]").toString());
  }

  private Server hub(String scenario, int connections, int categories) throws Exception {
    Map<String, String> env = new HashMap<>(ConnectionScale.hubSettings(connections, 30));
    env.put("HUB_LOG_MAX_CATEGORIES", Integer.toString(Math.max(10_000, categories)));
    Server hub = Server.hub(settings.dist(), settings.hubJvmFlags(scenario), env);
    System.out.printf("%s: hub pid %d port %d, load average %s%n", scenario, hub.pid(), hub.port(), loadAverage());
    return hub;
  }

  // The table, the verdicts on growth and the SVG files of a curve; each plot is written to --k-svg-dir.
  private void finish(Curve curve, List<Curve.Column> columns, List<String[]> plots) throws Exception {
    out.append(curve.table(columns)).append('\n');
    for (String[] plot : plots) {
      Path file = options.svgDir().resolve(curve.scenario().toLowerCase(Locale.ROOT) + "-" + plot[2] + ".svg");
      Files.writeString(file, curve.svg(plot[0], plot[1], plot[2].equals("p99")));
      out.append("Plot: `").append(file).append("`\n\n");
      out.append(plot[2].equals("p99") ? curve.latencyVerdict(plot[0], plot[1]) : curve.perUnitVerdict(plot[0], plot[1]));
    }
    out.append('\n');
    System.out.println(curve.table(columns));
  }

  /** {@code /proc/loadavg}'s three averages, e.g. {@code 2.10 2.40 2.55}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "?";
    }
  }
}
