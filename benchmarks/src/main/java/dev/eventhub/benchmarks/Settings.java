package dev.eventhub.benchmarks;

import java.nio.file.Path;
import java.util.List;

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
}
