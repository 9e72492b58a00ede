package dev.eventhub.faults;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The long run, from {@code ./run-faults}: system properties {@code faults.duration} (default {@code 10m}),
 * {@code faults.seed} (default: random, printed), {@code faults.dir} (default a new temporary directory,
 * kept: the hubs' and brokers' logs are there), {@code hub.dist}. Exits 1 with the violations listed
 * when a check fails.
 */
public final class FaultHarness {
  private static final Logger KAFKA_LOG = Logger.getLogger("org.apache.kafka");

  private FaultHarness() {}

  public static void main(String[] args) throws Exception {
    Duration duration = duration(System.getProperty("faults.duration", "10m"));
    FaultRun.Result result = run(duration, Files.createTempDirectory("cluster-faults"));
    System.exit(result.violations().isEmpty() ? 0 : 1);
  }

  /** Runs the harness for {@code duration} of faults (plus start and settling), prints the report. */
  static FaultRun.Result run(Duration duration, Path defaultDir) throws Exception {
    // faults.single=true: one hub and no Kafka, to try the harness's own machinery on a single node.
    boolean single = Boolean.getBoolean("faults.single");
    return run(duration, defaultDir, single ? 1 : 3, single ? dir -> Brokers.none() : KafkaBrokers::start);
  }

  static FaultRun.Result run(Duration duration, Path defaultDir, int hubs, Function<Path, Brokers> brokers) throws Exception {
    // The brokers' admin client logs through JUL at INFO (every setting it is given): warnings only.
    KAFKA_LOG.setLevel(Level.WARNING);
    long seed = Long.parseLong(System.getProperty("faults.seed", Long.toString(System.nanoTime() & 0xffffffffL)));
    Path dir = Path.of(System.getProperty("faults.dir", defaultDir.toString()));
    Path dist = Path.of(System.getProperty("hub.dist", "distribution/target/hub-0.1.0-SNAPSHOT")).toAbsolutePath();
    FaultRun.Settings settings = new FaultRun.Settings(seed, duration, dist, dir, hubs,
        duration(System.getProperty("faults.sessionTimeout", "6s")), 3, 4, Duration.ofMillis(100),
        System.getProperty("faults.jvm", "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
    FaultRun.Result result = new FaultRun(settings, brokers).run();
    String report = report(settings, dir, result);
    System.out.println();
    System.out.print(report);
    return result.withReport(report);
  }

  private static String report(FaultRun.Settings settings, Path dir, FaultRun.Result result) {
    StringBuilder out = new StringBuilder();
    out.append("fault harness, seed " + settings.seed() + ", " + settings.duration().toSeconds()
        + " s of faults, session timeout " + settings.sessionTimeout().toSeconds() + " s; logs in " + dir + "\n");
    out.append(Report.windows(result)).append(Report.table(result));
    Facts f = result.facts();
    out.append("log: " + f.histories.values().iterator().next().size() + " events; acknowledged publishes: "
        + f.acks.size() + "; subscribers: " + f.subscribers.size() + " (" + f.subscribers.stream()
        .mapToInt(s -> s.sessions().size()).sum() + " connections); webhook deliveries: " + f.deliveries.size()
        + " (" + rate(f.deliveries.stream().mapToLong(Facts.Delivery::at).toArray()) + "/s)"
        + "; schedule range: (" + f.schedule.createdAt() + ", " + f.schedule.until() + "]\n");
    List<Violation> v = result.violations();
    out.append(v.isEmpty() ? "no violation\n" : v.size() + " violation(s):\n");
    v.forEach(x -> out.append("  ").append(x).append('\n'));
    return out.toString();
  }

  // Events per second from the first to the last.
  private static String rate(long[] times) {
    if (times.length < 2) {
      return "-";
    }
    long first = java.util.Arrays.stream(times).min().getAsLong();
    long last = java.util.Arrays.stream(times).max().getAsLong();
    return String.format("%.1f", times.length * 1000.0 / Math.max(1, last - first));
  }

  /** {@code 500ms}, {@code 90s}, {@code 10m}, {@code 1h}. */
  static Duration duration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("not a duration: " + text + " (500ms, 90s, 10m, 1h)");
    };
  }
}
