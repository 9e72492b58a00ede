package dev.eventhub.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/**
 * What a results file says about the run before its tables (the machine, its load average, the JVMs, the scenarios)
 * and after them (the load average at the end): figures from a busy machine are read with its load next to them.
 */
final class RunHeader {
  private RunHeader() {}

  static String header(Settings settings) {
    return String.format(Locale.ROOT, """
        # Benchmark run %s
        machine: %d cores (%s), load average at start: %s
        java: %s %s
        server JVM flags (hub and bare): %s
        generator JVM flags: %s
        distribution: %s
        scenarios %s, %d run(s) after a warm-up run, warm-up %d ms, measured %d ms per run; S1 publishes %d event(s) per POST
        """, Instant.now(), Runtime.getRuntime().availableProcessors(), cpuModel(), loadAverage(),
        System.getProperty("java.vm.name"), System.getProperty("java.version"), settings.jvmFlags(),
        String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()), settings.dist(),
        settings.scenarios(), settings.runs(), settings.warmupMillis(), settings.measureMillis(), settings.publishBatch());
  }

  /** The last line of a results file (issue 24: the busy figure next to every table). */
  static String loadAtEnd() {
    return String.format(Locale.ROOT, "%nload average at end (%s): %s%n", Instant.now(), loadAverage());
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (not Linux)";
    }
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }
}
