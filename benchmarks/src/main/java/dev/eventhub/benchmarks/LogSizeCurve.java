package dev.eventhub.benchmarks;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.Appended;
import dev.eventhub.runtime.log.EventLog;
import dev.eventhub.runtime.log.LogOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * K4 (issue 24, item 4): replay speed, history query latency, disk bytes per event and retention's pruning cost
 * against the size of the log ({@code --k-log-sizes}, 1M and 10M by default; 100M when named). Writing 100 million
 * events through HTTP would take hours, so each log is filled in this process through the hub's own log API
 * ({@link EventLog}, batches of {@value #FILL_BATCH}, {@code log.sync} normal: the fill is not what is measured);
 * everything measured then runs against the hub started from the distribution on that data directory, defaults
 * otherwise (auth on, {@code log.sync} full).
 *
 * <p>The log holds ~300-byte events of {@value #CATEGORIES} categories in turn ({@code k4-0} ... ), keys {@code k-0}
 * to {@code k-99}, and every {@value #RARE_EVERY}th event (all of category {@code k4-0}) has the key {@code rare} and
 * the event name {@code rare} (the others {@code tick}).
 * Measured at each size: the hub's start (it counts each category's events); replay of {@code --k-replay-events}
 * events of {@code k4-0} from its oldest and from near its newest (rates from the subscribe to the last event);
 * up to {@value #QUERIES} of each history query, one after the other, for 20 s at most and 3 at least (p50, p99): the first page of a category, a page after a cursor in the
 * middle of the log, the rare key and the rare event name (no index serves them: since issue 24 one page reads at most
 * {@code log.maxScanRows} rows, the first page is timed; before, it read the whole category); the data
 * directory's bytes per event; then the hub restarted with {@code log.retention.maxEventsPerCategory} at 90 % of
 * each category's events: the time and the hub's CPU until retention pruned the 10 % (polled on {@code /metrics}).
 */
final class LogSizeCurve {
  static final int CATEGORIES = 10;
  static final int FILL_BATCH = 1_000;
  static final int FILL_IN_FLIGHT = 8;
  static final long RARE_EVERY = 100_000;
  static final int QUERIES = 50;
  /** A query that reads a whole category takes seconds at 10M events: each kind stops after this (3 queries at least). */
  static final long QUERY_BUDGET_NANOS = TimeUnit.SECONDS.toNanos(20);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(30);
  private static final Pattern PRUNED = Pattern.compile("(?m)^hub_log_pruned_events_total(?:\\{[^}]*})? ([0-9.eE+]+)");
  private static final List<Curve.Column> COLUMNS = List.of(
      new Curve.Column("fill s", "fill (in-process) s"),
      new Curve.Column("disk bytes/event", "disk bytes per event"),
      new Curve.Column("hub start s", "hub start s"),
      new Curve.Column("replay oldest events/s", "replay from the oldest, events/s"),
      new Curve.Column("replay newest events/s", "replay near the newest, events/s"),
      new Curve.Column("query first page p50 ms", "first page p50 ms"),
      new Curve.Column("query first page p99 ms", "first page p99 ms"),
      new Curve.Column("query middle page p50 ms", "page after a middle cursor p50 ms"),
      new Curve.Column("query middle page p99 ms", "page after a middle cursor p99 ms"),
      new Curve.Column("query rare key p50 ms", "rare key p50 ms"),
      new Curve.Column("query rare key p99 ms", "rare key p99 ms"),
      new Curve.Column("query rare event p50 ms", "rare event, first page p50 ms"),
      new Curve.Column("query rare event p99 ms", "rare event, first page p99 ms"),
      new Curve.Column("prune s", "pruning 10 % s"),
      new Curve.Column("prune µs/event", "pruning hub CPU µs per event"));

  private final Vertx vertx;
  private final Settings settings;
  private final CurveOptions options;

  LogSizeCurve(Vertx vertx, Settings settings, CurveOptions options) {
    this.vertx = vertx;
    this.settings = settings;
    this.options = options;
  }

  /** The cursors the fill noted: the oldest event, one in the middle, and the start of the newest replay. */
  record Marks(String oldest, String middle, String newest) {}

  String run() throws Exception {
    Curve curve = new Curve("K4", "replay, history queries, disk and pruning against the log's size", "events in the log");
    String out = "";
    for (long size : options.logSizes()) {
      Path data = Files.createTempDirectory("bench-k4-");
      try {
        Sample s = measure(size, data);
        String load = CostCurves.loadAverage();
        System.out.println(Report.line("K4 " + SvgChart.label(size), "hub", 1, s) + " load " + load);
        curve.add("hub", size, s, load);
      } finally {
        Server.deleteTree(data);
      }
      // After each size: a large one takes long, and what is measured before it is kept if it is stopped.
      out = render(curve);
      Files.writeString(options.svgDir().resolve("k4.md"), out);
    }
    System.out.println(curve.table(COLUMNS));
    return out;
  }

  private String render(Curve curve) throws java.io.IOException {
    StringBuilder out = new StringBuilder(curve.table(COLUMNS)).append('\n');
    String[][] plots = {
        {"replay oldest events/s", "replay events/s", "replay"},
        {"query rare key p99 ms", "history query p99 (ms)", "query"},
        {"prune µs/event", "pruning CPU µs per event", "prune"}};
    Files.createDirectories(options.svgDir());
    for (String[] plot : plots) {
      Path file = options.svgDir().resolve("k4-" + plot[2] + ".svg");
      Files.writeString(file, plot[2].equals("query") ? querySvg(curve) : curve.svg(plot[0], plot[1], false));
      out.append("Plot: `").append(file).append("`\n\n");
    }
    return out.append(curve.perUnitVerdict("disk bytes/event", "disk bytes per event"))
        .append(curve.perUnitVerdict("prune µs/event", "pruning CPU per event"))
        .append(curve.latencyVerdict("query first page p99 ms", "first page p99 (flat is right)"))
        .append(curve.latencyVerdict("query middle page p99 ms", "middle page p99 (flat is right)"))
        .append(curve.latencyVerdict("query rare key p99 ms", "rare key first page p99 (flat with the scan budget)"))
        .append(curve.latencyVerdict("query rare event p99 ms", "rare event first page p99 (flat with the scan budget)"))
        .append(curve.latencyVerdict("hub start s", "hub start")).append('\n').toString();
  }

  // The three history queries on one plot: a series per query.
  private static String querySvg(Curve curve) {
    SvgChart chart = new SvgChart("K4: history query p99 against the log's size", "events in the log", "p99 (ms)", true);
    for (Curve.Point p : curve.points()) {
      chart.point("first page", p.x(), p.values().getOrDefault("query first page p99 ms", Double.NaN));
      chart.point("middle page", p.x(), p.values().getOrDefault("query middle page p99 ms", Double.NaN));
      chart.point("rare key", p.x(), p.values().getOrDefault("query rare key p99 ms", Double.NaN));
      chart.point("rare event", p.x(), p.values().getOrDefault("query rare event p99 ms", Double.NaN));
    }
    return chart.render();
  }

  private Sample measure(long size, Path data) throws Exception {
    Sample sample = new Sample();
    long t0 = System.nanoTime();
    Marks marks = fill(data, size);
    double fillSeconds = (System.nanoTime() - t0) / 1e9;
    if (options.k4OldSchema()) {
      asBeforeIssue24(data);
    }
    long bytes = directoryBytes(data);
    sample.put("fill s", fillSeconds).put("disk bytes/event", bytes / (double) size);
    System.out.printf(Locale.ROOT, "K4 %s: filled in %.1f s (%,.0f events/s), %,d bytes on disk, load %s%n",
        SvgChart.label(size), fillSeconds, size / fillSeconds, bytes, CostCurves.loadAverage());
    Map<String, String> keep = Map.of("HUB_LOG_RETENTION_MAX_EVENTS_PER_CATEGORY", "0");
    long s0 = System.nanoTime();
    try (Server hub = Server.hubOn(settings.dist(), settings.hubJvmFlags("K4"), data, keep, START_TIMEOUT)) {
      sample.put("hub start s", (System.nanoTime() - s0) / 1e9);
      int replay = replayed(size);
      try (Load load = new Load(vertx, hub, 4)) {
        sample.put("replay oldest events/s", replay(load, marks.oldest(), replay, sample));
        sample.put("replay newest events/s", replay(load, marks.newest(), replay, sample));
      }
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(hub.port()));
      try {
        query(http, hub, "first page", "categories=k4-0&limit=100", sample);
        query(http, hub, "middle page", "categories=k4-0&limit=100&since=" + encode(marks.middle()), sample);
        query(http, hub, "rare key", "categories=k4-0&keys=rare&limit=100", sample);
        query(http, hub, "rare event", "categories=k4-0&events=rare&limit=100", sample);
      } finally {
        http.close().await();
      }
    }
    prune(data, size, sample);
    return sample;
  }

  // Fills the log: CATEGORIES categories in turn, FILL_IN_FLIGHT batches in flight; notes three cursors.
  private Marks fill(Path data, long size) throws Exception {
    LogOptions d = LogOptions.defaults(data);
    LogOptions options = new LogOptions(data, false, d.maxBatchEvents(), Duration.ZERO, 0, Duration.ofHours(1),
        d.limits());
    EventLog log = EventLog.open(vertx, options, events -> { }).await(60, TimeUnit.SECONDS);
    JsonObject payload = new JsonObject().put("bench_t", 0).put("payload", "x".repeat(200));
    long replay = replayed(size);
    long newestAt = Math.max(0, size - replay * CATEGORIES - CATEGORIES);
    String[] marks = new String[3];
    try {
      List<Future<List<Appended>>> pending = new ArrayList<>();
      List<Long> starts = new ArrayList<>();
      for (long at = 0; at < size; at += FILL_BATCH) {
        int n = (int) Math.min(FILL_BATCH, size - at);
        List<EventDraft> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          long index = at + i;
          String key = index % RARE_EVERY == 0 ? "rare" : "k-" + (index % 100);
          batch.add(EventDraft.of("k4-" + index % CATEGORIES, index % RARE_EVERY == 0 ? "rare" : "tick", key, payload));
        }
        pending.add(log.append(batch));
        starts.add(at);
        if (pending.size() == FILL_IN_FLIGHT || at + n >= size) {
          List<List<Appended>> done = Future.all(pending).await(10, TimeUnit.MINUTES).list();
          for (int b = 0; b < done.size(); b++) {
            note(marks, starts.get(b), done.get(b), size, newestAt);
          }
          pending.clear();
          starts.clear();
        }
      }
    } finally {
      log.close().await(5, TimeUnit.MINUTES);
    }
    return new Marks(marks[0], marks[1], marks[2]);
  }

  // The store as a build before issue 24 leaves it: no counts table (a build after it would rebuild it at its first
  // start: then "hub start s" is that migration's time).
  private static void asBeforeIssue24(Path data) throws java.sql.SQLException {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + data.resolve("events.db"));
        java.sql.Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS counts");
      st.execute("DELETE FROM meta WHERE name = 'countsThrough'");
    }
  }

  private static void note(String[] marks, long start, List<Appended> appended, long size, long newestAt) {
    long[] at = {0, size / 2, newestAt};
    for (int m = 0; m < 3; m++) {
      if (at[m] >= start && at[m] < start + appended.size()) {
        marks[m] = appended.get((int) (at[m] - start)).event().cursor();
      }
    }
  }

  // The events of k4-0 replayed at each size: after the oldest event's cursor there are one fewer than it holds.
  private int replayed(long size) {
    return (int) Math.min(options.replayEvents(), size / CATEGORIES - 1);
  }

  /** The rate from the subscribe to the {@code n}th event of {@code k4-0} after {@code since}. */
  private static double replay(Load load, String since, int n, Sample sample) throws Exception {
    long t0 = System.nanoTime();
    Subscriber s = load.subscribe(List.of("k4-0"), false, since, null).await(60, TimeUnit.SECONDS);
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (s.events() < n && s.failure() == null && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    sample.problem(s.failure());
    if (s.events() < n) {
      sample.problem("replayed " + s.events() + " events of " + n);
    }
    s.close().await(30, TimeUnit.SECONDS);
    return n / seconds;
  }

  // QUERIES times the same GET /api/events, one after the other: p50 and p99 of the time to the whole answer.
  private static void query(HttpClient http, Server hub, String name, String query, Sample sample) throws Exception {
    Histogram h = new Histogram();
    RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET).setURI("/api/events?" + query)
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + hub.token());
    long start = System.nanoTime();
    for (int i = 0; i < QUERIES && (i < 3 || System.nanoTime() - start < QUERY_BUDGET_NANOS); i++) {
      long t0 = System.nanoTime();
      int status = http.request(request).compose(r -> r.send()).compose(r -> r.body().map(b -> r.statusCode()))
          .await(5, TimeUnit.MINUTES);
      h.record((System.nanoTime() - t0) / 1000);
      if (status != 200) {
        sample.problem("GET /api/events?" + query + " answered " + status);
        break;
      }
    }
    sample.put("query " + name + " count", h.count()).put("query " + name + " p50 ms", h.percentile(0.5) / 1000.0)
        .put("query " + name + " p99 ms", h.percentile(0.99) / 1000.0);
  }

  // The hub again, retention at 90 % of each category: how long it takes to prune the 10 % and what CPU it spends.
  // The first pass starts a prune interval after the log opened: twice the first start's time and more, so that it
  // starts after the hub answers; timed (wall and the hub's CPU) from the last poll that saw nothing pruned yet.
  private void prune(Path data, long size, Sample sample) throws Exception {
    long target = size / CATEGORIES * 9 / 10;
    long expected = size - target * CATEGORIES;
    long interval = (long) (2 * sample.values.getOrDefault("hub start s", 30.0)) + 10;
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HUB_LOG_RETENTION_MAX_EVENTS_PER_CATEGORY", Long.toString(target));
    env.put("HUB_LOG_RETENTION_PRUNE_INTERVAL", interval + "s");
    try (Server hub = Server.hubOn(settings.dist(), settings.hubJvmFlags("K4-prune"), data, env, START_TIMEOUT)) {
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(hub.port()));
      try {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(60) + TimeUnit.SECONDS.toNanos(interval);
        double pruned = 0;
        long before = System.nanoTime();
        double cpuBefore = ProcStats.cpuSeconds(hub.pid());
        while (System.nanoTime() < deadline && hub.alive()) {
          long now = System.nanoTime();
          double cpu = ProcStats.cpuSeconds(hub.pid());
          pruned = pruned(http, hub);
          if (pruned == 0) {
            before = now;
            cpuBefore = cpu;
          } else if (pruned >= expected) {
            break;
          }
          Thread.sleep(50);
        }
        double cpuSeconds = ProcStats.cpuSeconds(hub.pid()) - cpuBefore;
        sample.put("prune s", (System.nanoTime() - before) / 1e9).put("events pruned", pruned)
            .put("prune µs/event", cpuSeconds * 1e6 / Math.max(1, pruned));
        if (pruned < expected) {
          sample.problem(String.format(Locale.ROOT, "retention pruned %,.0f events of %,d", pruned, expected));
        }
      } finally {
        http.close().await();
      }
    }
  }

  private static double pruned(HttpClient http, Server hub) throws Exception {
    String text = http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/metrics")
            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + hub.token()))
        .compose(r -> r.send()).compose(r -> r.body()).await(60, TimeUnit.SECONDS).toString();
    return prunedFromMetrics(text);
  }

  /** {@code hub_log_pruned_events_total} in Prometheus text; 0 when absent. */
  static double prunedFromMetrics(String text) {
    Matcher m = PRUNED.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  static long directoryBytes(Path dir) throws java.io.IOException {
    try (var files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
