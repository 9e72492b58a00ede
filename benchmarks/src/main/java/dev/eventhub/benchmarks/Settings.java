package dev.eventhub.benchmarks;

import java.nio.file.Path;
import java.util.List;

/**
 * How a benchmark invocation runs: which scenarios, how many runs, how long each measurement window
 * is, and the JVM flags both servers get.
 */
record Settings(Path dist, List<String> scenarios, int runs, long warmupMillis, long measureMillis, String jvmFlags,
    int connections, int replayEvents, long soakMillis, boolean smoke, Path out, Path profileDir) {

  /** Flags for both servers: a heap that is given back after a GC, so that RSS after GC follows live memory. */
  static final String DEFAULT_JVM_FLAGS = "-Xms64m -Xmx2g -XX:+UseG1GC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30";

  /** The hub's JVM flags for {@code scenario}: with {@code --profile DIR}, a JFR recording to {@code DIR/hub-<scenario>.jfr}. */
  String hubJvmFlags(String scenario) {
    if (profileDir == null) {
      return jvmFlags;
    }
    return jvmFlags + " -XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
        + profileDir.toAbsolutePath().resolve("hub-" + scenario.replace(' ', '-') + ".jfr");
  }

  /** These settings for run {@code run}: the first run of a server warms up three times as long (JIT compilation). */
  Settings forRun(int run) {
    return run != 1 || smoke ? this : new Settings(dist, scenarios, runs, 3 * warmupMillis, measureMillis, jvmFlags,
        connections, replayEvents, soakMillis, smoke, out, profileDir);
  }

  boolean runs(String scenario) {
    return scenarios.contains(scenario);
  }
}
