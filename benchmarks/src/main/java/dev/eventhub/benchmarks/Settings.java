package dev.eventhub.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * How a benchmark invocation runs: which scenarios, how many runs, how long each measurement window
 * is, and the JVM flags both servers get.
 */
record Settings(Path dist, List<String> scenarios, int runs, long warmupMillis, long measureMillis, String jvmFlags,
    int connections, int replayEvents, long soakMillis, boolean smoke, Path out, Path profileDir, int publishBatch) {

  /** Flags for both servers: a heap that is given back after a GC, so that RSS after GC follows live memory. */
  static final String DEFAULT_JVM_FLAGS = "-Xms64m -Xmx2g -XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";

  /** The hub's JVM flags for {@code scenario}: with {@code --profile DIR}, a JFR recording to {@code DIR/hub-<scenario>.jfr}. */
  String hubJvmFlags(String scenario) {
    if (profileDir == null) {
      return jvmFlags;
    }
    return jvmFlags + " -XX:StartFlightRecording=settings=" + System.getProperty("bench.jfc", "profile") + ",dumponexit=true,filename="
        + profileDir.toAbsolutePath().resolve("hub-" + scenario.replace(' ', '-') + ".jfr");
  }

  /** The first run: a full run that is not counted, to warm up the servers' JIT (none in a smoke run). */
  int firstRun() {
    return smoke ? 1 : 0;
  }

  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }

  /** Reads the command line (the options in {@link Bench}'s comment); the defaults run the default scenarios. */
  static Settings parse(String[] args) {
    Path dist = null;
    List<String> scenarios = new ArrayList<>(List.of("S1", "S2", "S3", "S4", "S5", "S8", PeerFanOut.SCENARIO));
    int runs = 3;
    double seconds = 8;
    double warmup = 2;
    String jvm = DEFAULT_JVM_FLAGS;
    int connections = 10_000;
    int replayEvents = 100_000;
    long soakMillis = 0;
    boolean smoke = false;
    Path out = null;
    Path profile = null;
    int publishBatch = 10;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--dist" -> dist = Path.of(value(args, ++i, a));
        case "--scenarios" -> scenarios = new ArrayList<>(Arrays.asList(value(args, ++i, a).toUpperCase(Locale.ROOT).split(",")));
        case "--runs" -> runs = Integer.parseInt(value(args, ++i, a));
        case "--seconds" -> seconds = Double.parseDouble(value(args, ++i, a));
        case "--warmup" -> warmup = Double.parseDouble(value(args, ++i, a));
        case "--jvm" -> jvm = value(args, ++i, a);
        case "--connections" -> connections = Integer.parseInt(value(args, ++i, a));
        case "--replay-events" -> replayEvents = Integer.parseInt(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--profile" -> profile = Path.of(value(args, ++i, a));
        case "--publish-batch" -> publishBatch = Integer.parseInt(value(args, ++i, a));
        case "--soak" -> {
          soakMillis = TimeUnit.MINUTES.toMillis(i + 1 < args.length && args[i + 1].matches("\\d+")
              ? Long.parseLong(args[++i]) : 10);
          scenarios.add("S6");
        }
        case "--smoke" -> {
          smoke = true;
          scenarios = new ArrayList<>(List.of("S1", "S2"));
          runs = 1;
          seconds = 3;
          warmup = 1;
        }
        default -> {
          // issue 24: ScaleOptions.parse, CurveOptions.parse and IngestAB read these
          if (!ScaleOptions.OPTIONS.contains(a) && !CurveOptions.OPTIONS.contains(a) && !IngestAB.OPTION.equals(a)) {
            throw new IllegalArgumentException("unknown option '" + a + "'");
          }
          value(args, ++i, a);
        }
      }
    }
    if (dist == null) {
      dist = findDist();
    }
    return new Settings(dist, scenarios, runs, (long) (warmup * 1000), (long) (seconds * 1000), jvm, connections,
        replayEvents, soakMillis, smoke, out, profile, publishBatch);
  }

  // distribution/target/hub-<version>, from the project root or from the benchmarks module.
  private static Path findDist() {
    for (Path base : List.of(Path.of("distribution/target"), Path.of("../distribution/target"))) {
      if (Files.isDirectory(base)) {
        try (var dirs = Files.list(base)) {
          var found = dirs.filter(p -> p.getFileName().toString().startsWith("hub-") && Files.isDirectory(p)).findFirst();
          if (found.isPresent()) {
            return found.get().toAbsolutePath().normalize();
          }
        } catch (IOException e) {
          // Try the next base.
        }
      }
    }
    throw new IllegalArgumentException("no distribution found under distribution/target: build it first, or pass --dist");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }
}
