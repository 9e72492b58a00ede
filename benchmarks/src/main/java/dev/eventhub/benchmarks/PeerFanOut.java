package dev.eventhub.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * N1: S1's fan-out against the hub (one event per frame, and {@code batch: true}), the bare server and NATS over
 * WebSocket, in the same invocation, run after run: {@value #SUBSCRIBERS} subscribers on one category (subject)
 * spread over {@code --subscriber-processes} child JVMs, so that one generator process is not the limit; publishes
 * of {@code --publish-batch} events, {@value #CONCURRENCY} in flight, never more than {@value #WINDOW} events ahead
 * of the slowest subscriber. Server CPU per delivery for each, from {@code /proc/<pid>/stat}; after each run the
 * deliveries counted must equal the acknowledged events times the subscribers.
 */
final class PeerFanOut {
  static final String SCENARIO = "N1";
  /** M3: the same with {@code --live-subscribers} subscribers (10,000 is issue 24's goal), on a hub that holds them. */
  static final String LIVE = "M3";
  static final int SUBSCRIBERS = 100;
  static final int CONCURRENCY = 64;
  static final int WINDOW = 2000;
  /**
   * The least warm-up before the measured window: the subscriber processes start cold for every measurement, and
   * until their JIT has compiled the per-frame path they, not the server, set the pace of one event per frame (seen
   * on 2026-12-07: the hub's one-event-per-frame fan-out at 0 deliveries/s in a window after 1 s of warm-up, 135,000
   * after 6 s).
   */
  static final long CHILD_WARMUP_MILLIS = 5_000;

  private static final String[][] ROWS = {
      {"deliveries/s", "deliveries/s"},
      {"server µs/delivery", "server CPU µs per delivery"},
      {"generator µs/delivery", "generator CPU µs per delivery (publisher and subscriber processes)"},
      {"events/frame", "events per WebSocket frame"},
      {"bytes/event", "bytes per delivery read by the subscribers"},
      {"events published/s", "events published/s (acknowledged)"}};

  private final Vertx vertx;
  private final Settings settings;
  private final ScaleOptions options;
  private final Report report;
  private final String scenario;
  private final int subscriberCount;

  /** N1: {@value #SUBSCRIBERS} subscribers, the hub as shipped. */
  PeerFanOut(Vertx vertx, Settings settings, ScaleOptions options, Report report) {
    this(vertx, settings, options, report, SCENARIO, SUBSCRIBERS);
  }

  PeerFanOut(Vertx vertx, Settings settings, ScaleOptions options, Report report, String scenario, int subscribers) {
    this.vertx = vertx;
    this.settings = settings;
    this.options = options;
    this.report = report;
    this.scenario = scenario;
    this.subscriberCount = subscribers;
  }

  /** M3: {@code --live-subscribers}, over the source addresses, on a hub whose connection limits hold them. */
  static PeerFanOut live(Vertx vertx, Settings settings, ScaleOptions options, Report report) {
    return new PeerFanOut(vertx, settings, options, report, LIVE, options.liveSubscribers());
  }

  // The events a publisher may run ahead of the slowest subscriber: 2,000, fewer with more subscribers, so that
  // what the servers queue stays near 600 MB at most (10,000 subscribers: 200 events, 60 KB each).
  private int window() {
    return (int) Math.max(100, Math.min(WINDOW, 2_000_000L / subscriberCount));
  }

  /** One system as N1 sees it: where its subscribers connect, its PID, and how to publish to it. */
  private record Target(String variant, String protocol, int port, String token, long pid, boolean batch,
      Callable<PeerPublisher> publisher) {}

  void run() throws Exception {
    boolean withNats = NatsServer.available(options.natsServer());
    if (!withNats) {
      System.out.println("N1: no runnable '" + options.natsServer() + "' (./run-benchmarks installs Debian's"
          + " nats-server; or --nats-server PATH): NATS left out");
    }
    // M3's hub must hold the WebSockets of both variants at once (the hub counts a closed one out late).
    Map<String, String> hubSettings = scenario.equals(SCENARIO) ? Map.of()
        : ConnectionScale.hubSettings(2 * subscriberCount, 30);
    try (Server hub = Server.hub(settings.dist(), settings.hubJvmFlags(scenario), hubSettings);
        Server bare = Server.bare(settings.jvmFlags());
        NatsServer nats = withNats ? NatsServer.start(options.natsServer()) : null) {
      System.out.printf("%s: hub pid %d port %d, bare pid %d port %d%s; %d subscribers in %d processes%n", scenario,
          hub.pid(),
          hub.port(), bare.pid(), bare.port(), nats == null ? "" : ", nats-server pid " + nats.pid() + " ws port "
              + nats.wsPort(), subscriberCount, options.subscriberProcesses());
      List<Target> targets = new java.util.ArrayList<>(List.of(
          new Target("hub", "hub", hub.port(), hub.token(), hub.pid(), false, () -> http(hub)),
          new Target("hub batch", "hub", hub.port(), hub.token(), hub.pid(), true, () -> http(hub)),
          new Target("bare", "hub", bare.port(), bare.token(), bare.pid(), false, () -> http(bare))));
      if (nats != null) {
        targets.add(new Target("NATS", "nats", nats.wsPort(), "", nats.pid(), false,
            () -> NatsPublisher.connect(vertx, nats.wsPort())));
      }
      for (int run = settings.firstRun(); run <= settings.runs(); run++) {
        for (Target t : targets) {
          // A hub category: lower case.
          Sample sample = measure(t, (scenario + "-" + run + "-" + t.variant().replace(' ', '-')).toLowerCase(Locale.ROOT));
          if (run > 0) {
            report.add(scenario, t.variant(), sample);
          }
          System.out.println(Report.line(scenario, t.variant(), run, sample));
        }
      }
    }
  }

  private PeerPublisher http(Server server) {
    return PeerPublisher.http(new Load(vertx, server, CONCURRENCY));
  }

  private Sample measure(Target t, String subject) throws Exception {
    try (RemoteSubscribers subscribers = RemoteSubscribers.start(t.protocol(), t.port(), t.token(), subject,
        subscriberCount, options.subscriberProcesses(), t.batch(), scenario.equals(SCENARIO) ? 0 : options.sourceAddresses());
        PeerPublisher publisher = t.publisher().call()) {
      Context context = vertx.getOrCreateContext();
      Pump pump = new Pump(context, publisher, subject, settings.publishBatch(), subscribers::minEvents);
      context.runOnContext(v -> pump.start());
      Thread.sleep(Math.max(settings.warmupMillis(), CHILD_WARMUP_MILLIS));
      long events0 = subscribers.events();
      long frames0 = subscribers.frames();
      long bytes0 = subscribers.bytes();
      long published0 = pump.acknowledged();
      PidCpu cpu = PidCpu.start(t.variant(), t.pid(), subscribers.pids());
      long t0 = System.nanoTime();
      Thread.sleep(settings.measureMillis());
      long events1 = subscribers.events();
      long frames1 = subscribers.frames();
      long bytes1 = subscribers.bytes();
      long published1 = pump.acknowledged();
      double seconds = (System.nanoTime() - t0) / 1e9;
      Sample sample = new Sample();
      sample.cpu = cpu.stop();
      try {
        pump.stop().await(2, TimeUnit.MINUTES);
      } catch (java.util.concurrent.TimeoutException e) {
        // A figure with its problem rather than no figures: the last publishes count as not acknowledged.
        sample.problem("publishes still unanswered 2 minutes after the window");
      }
      long expected = pump.acknowledged() * subscriberCount;
      // Until every delivery arrived, or none did for 15 s (a busy machine delivers late, a lost delivery never).
      long last = -1;
      long deadline = 0;
      while (subscribers.events() < expected && subscribers.failure() == null) {
        long now = subscribers.events();
        if (now != last) {
          last = now;
          deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        } else if (System.nanoTime() > deadline) {
          break;
        }
        Thread.sleep(20);
      }
      Thread.sleep(3 * SubscriberProcess.REPORT_MS);
      double deliveries = events1 - events0;
      sample.put("deliveries/s", deliveries / seconds)
          .put("events published/s", (published1 - published0) / seconds)
          .put("events/frame", deliveries / Math.max(1, frames1 - frames0))
          .put("bytes/event", (bytes1 - bytes0) / Math.max(1, deliveries))
          .put("server µs/delivery", sample.cpu.serverMicrosPer(deliveries))
          .put("generator µs/delivery", sample.cpu.generatorMicrosPer(deliveries))
          .put("deliveries expected", expected)
          .put("deliveries counted", subscribers.events());
      sample.problem(subscribers.failure());
      if (subscribers.events() != expected) {
        sample.problem(String.format(Locale.ROOT, "%,d deliveries counted, %,d expected (%,d events acknowledged × %d"
            + " subscribers)", subscribers.events(), expected, pump.acknowledged(), subscriberCount));
      }
      if (pump.refused() > 0) {
        sample.problem(pump.refused() + " publishes refused; last: " + publisher.lastRefusal());
      }
      return sample;
    }
  }

  /**
   * The N1 table: each system's median and the ratios of the hub's (one event per frame, and batched) to the bare
   * server's and to NATS's; empty when N1 did not run.
   */
  static String table(Report report) {
    return table(report, SCENARIO, "N1: S1's fan-out against the hub, the bare server and NATS over WebSocket"
        + " (nats-server, core NATS), subscribers in child processes; medians, and ratios of the medians.")
        + table(report, LIVE, "M3: N1 with --live-subscribers subscribers over several source addresses, the hub's"
        + " connection limits raised; medians, and ratios of the medians.");
  }

  private static String table(Report report, String scenario, String title) {
    if (report.samples(scenario, "hub").isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder(title + "\n\n")
        .append("| measure | hub | hub `batch` | bare | NATS | hub/bare | hub/NATS | hub `batch`/NATS |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (String[] row : ROWS) {
      double hub = report.median(scenario, "hub", row[0]);
      double batch = report.median(scenario, "hub batch", row[0]);
      double bare = report.median(scenario, "bare", row[0]);
      double nats = report.median(scenario, "NATS", row[0]);
      out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |%n", row[1], Report.number(hub),
          Report.number(batch), Report.number(bare), Report.number(nats), ratio(hub, bare), ratio(hub, nats),
          ratio(batch, nats)));
    }
    return out.append('\n').toString();
  }

  private static String ratio(double a, double b) {
    double r = a / b;
    return Double.isNaN(r) || Double.isInfinite(r) ? "" : String.format(Locale.ROOT, "%.2f", r);
  }

  /** Publishes on one context: as many as the concurrency and the window allow, again on each answer and each ms. */
  private final class Pump {
    private final Context context;
    private final PeerPublisher publisher;
    private final String subject;
    private final int batch;
    private final LongSupplier slowest;
    private final Promise<Void> drained = Promise.promise();
    private long timer;
    private int inFlight;
    private long sent;
    private volatile long acknowledged;
    private volatile long refused;
    private boolean stopping;
    private final int window = window();

    Pump(Context context, PeerPublisher publisher, String subject, int batch, LongSupplier slowest) {
      this.context = context;
      this.publisher = publisher;
      this.subject = subject;
      this.batch = batch;
      this.slowest = slowest;
    }

    // NATS's acknowledgements complete on the publisher socket's event loop: the pump's state is its context's.
    private void onContext(Runnable action) {
      if (Vertx.currentContext() == context) {
        action.run();
      } else {
        context.runOnContext(v -> action.run());
      }
    }

    void start() {
      timer = vertx.setPeriodic(1, id -> pump());
      pump();
    }

    long acknowledged() {
      return acknowledged;
    }

    long refused() {
      return refused;
    }

    private void pump() {
      if (stopping) {
        if (inFlight == 0) {
          drained.tryComplete();
        }
        return;
      }
      long min = slowest.getAsLong();
      while (inFlight < CONCURRENCY && sent - min < window) {
        inFlight++;
        sent += batch;
        publisher.publish(subject, batch).onComplete(ar -> onContext(() -> {
          inFlight--;
          if (ar.succeeded() && ar.result()) {
            acknowledged += batch;
          } else {
            refused += batch;
          }
          pump();
        }));
      }
    }

    Future<Void> stop() {
      Promise<Void> stopped = Promise.promise();
      context.runOnContext(v -> {
        stopping = true;
        vertx.cancelTimer(timer);
        pump();
        drained.future().onComplete(stopped);
      });
      return stopped.future();
    }
  }
}
