package dev.eventhub.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * CPU use over a measurement window: the server's process (and its busiest threads), the generator's
 * (this JVM), and the whole machine, as percent of one core (2 busy cores = 200 %).
 */
final class CpuMeter {
  private final long serverPid;
  private final long generatorPid = ProcessHandle.current().pid();
  private final long startNanos = System.nanoTime();
  private final double server0;
  private final double generator0;
  private final double[] machine0;
  private final Map<String, Double> threads0;
  private final Map<String, Double> generatorThreads0;

  private CpuMeter(long serverPid) {
    this.serverPid = serverPid;
    this.server0 = ProcStats.cpuSeconds(serverPid);
    this.generator0 = ProcStats.cpuSeconds(generatorPid);
    this.machine0 = ProcStats.machineSeconds();
    this.threads0 = ProcStats.threadCpuSeconds(serverPid);
    this.generatorThreads0 = ProcStats.threadCpuSeconds(generatorPid);
  }

  static CpuMeter start(long serverPid) {
    return new CpuMeter(serverPid);
  }

  /** Ends the window; {@code serverThreadNames} then gives the full names of the server's threads by native id. */
  Report stop(Supplier<Map<String, String>> serverThreadNames) {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double[] machine1 = ProcStats.machineSeconds();
    double server1 = ProcStats.cpuSeconds(serverPid);
    double generator1 = ProcStats.cpuSeconds(generatorPid);
    Map<String, Double> threads1 = ProcStats.threadCpuSeconds(serverPid);
    Map<String, Double> generatorThreads1 = ProcStats.threadCpuSeconds(generatorPid);
    double cores = Runtime.getRuntime().availableProcessors();
    return new Report(
        wall,
        pct(server1 - server0, wall),
        pct(generator1 - generator0, wall),
        pct(machine1[0] - machine0[0], wall),
        Math.round(cores) * 100.0,
        delta(threads0, threads1, wall, serverThreadNames.get()),
        delta(generatorThreads0, generatorThreads1, wall, Map.of()));
  }

  private static double pct(double cpuSeconds, double wall) {
    return wall <= 0 ? 0 : 100 * cpuSeconds / wall;
  }

  // Per thread, named by its full Java name when known, else by its (15-character) kernel name and id.
  private static Map<String, Double> delta(Map<String, Double> before, Map<String, Double> after, double wall,
      Map<String, String> names) {
    Map<String, Double> out = new HashMap<>();
    after.forEach((key, seconds) -> {
      String tid = key.substring(key.lastIndexOf('#') + 1);
      String name = names.getOrDefault(tid, key);
      out.merge(name, pct(seconds - before.getOrDefault(key, 0.0), wall), Double::sum);
    });
    return out;
  }

  /**
   * CPU over one window, each in percent of one core.
   *
   * @param capacity what the machine's cores give, 100 per core
   */
  record Report(double wallSeconds, double server, double generator, double machine, double capacity,
      Map<String, Double> serverThreads, Map<String, Double> generatorThreads) {

    /** Microseconds of the server's CPU per unit of work ({@code units} done in the window): robust to a busy machine. */
    double serverMicrosPer(double units) {
      return units <= 0 ? Double.NaN : server / 100 * wallSeconds * 1e6 / units;
    }

    /** Microseconds of the generator's CPU per unit of work. */
    double generatorMicrosPer(double units) {
      return units <= 0 ? Double.NaN : generator / 100 * wallSeconds * 1e6 / units;
    }

    double others() {
      return Math.max(0, machine - server - generator);
    }

    /** Which process (or thread) is the limit: the thing to fix or to discount. */
    String saturation() {
      if (!ProcStats.AVAILABLE) {
        return "unknown (no /proc)";
      }
      Map.Entry<String, Double> serverTop = ProcStats.top(serverThreads, 1).stream().findFirst().orElse(null);
      Map.Entry<String, Double> generatorTop = ProcStats.top(generatorThreads, 1).stream().findFirst().orElse(null);
      StringBuilder out = new StringBuilder();
      if (machine >= 0.9 * capacity) {
        String most = server >= generator && server >= others() ? "the server" : generator >= others() ? "the generator"
            : "other processes";
        out.append(String.format(Locale.ROOT, "machine CPU-bound; %s use%s most", most, most.endsWith("s") ? "" : "s"));
      } else if (serverTop != null && serverTop.getValue() >= 90) {
        out.append(String.format(Locale.ROOT, "server thread %s at %.0f%%", serverTop.getKey(), serverTop.getValue()));
      } else if (generatorTop != null && generatorTop.getValue() >= 90) {
        out.append(String.format(Locale.ROOT, "generator thread %s at %.0f%%", generatorTop.getKey(), generatorTop.getValue()));
      } else {
        out.append("not CPU-bound");
      }
      return out.toString();
    }

    String serverTopThreads(int n) {
      List<Map.Entry<String, Double>> top = ProcStats.top(serverThreads, n);
      StringBuilder out = new StringBuilder();
      for (Map.Entry<String, Double> e : top) {
        out.append(out.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), e.getValue()));
      }
      return out.toString();
    }
  }
}
