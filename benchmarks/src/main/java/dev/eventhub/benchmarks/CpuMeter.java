package dev.eventhub.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU use over a measurement window: the server's process (and its busiest threads), or each member's
 * of a cluster, the generator's (this JVM), and the whole machine, as percent of one core (2 busy
 * cores = 200 %).
 */
final class CpuMeter {
  private final List<Server> servers;
  private final List<Long> brokerPids;
  private final double brokers0;
  private final long generatorPid = ProcessHandle.current().pid();
  private final long startNanos = System.nanoTime();
  private final double[] servers0;
  private final double generator0;
  private final double[] machine0;
  private final List<Map<String, Double>> threads0;
  private final Map<String, Double> generatorThreads0;

  private CpuMeter(List<Server> servers, List<Long> brokerPids) {
    this.servers = List.copyOf(servers);
    this.brokerPids = List.copyOf(brokerPids);
    this.brokers0 = brokerSeconds();
    this.servers0 = this.servers.stream().mapToDouble(s -> ProcStats.cpuSeconds(s.pid())).toArray();
    this.generator0 = ProcStats.cpuSeconds(generatorPid);
    this.machine0 = ProcStats.machineSeconds();
    this.threads0 = this.servers.stream().map(s -> ProcStats.threadCpuSeconds(s.pid())).toList();
    this.generatorThreads0 = ProcStats.threadCpuSeconds(generatorPid);
  }

  static CpuMeter start(Server server) {
    return new CpuMeter(List.of(server), List.of());
  }

  /**
   * For a cluster: the server's figures are the members' summed, and each member's is kept too; the Kafka brokers'
   * CPU ({@code brokerPids}, empty for a single hub) is counted apart, neither the server's nor other processes'.
   */
  static CpuMeter start(List<Server> servers, List<Long> brokerPids) {
    return new CpuMeter(servers, brokerPids);
  }

  private double brokerSeconds() {
    return brokerPids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
  }

  /** Ends the window; the servers' threads are then named through {@code jcmd} (a cluster member's name first). */
  Report stop() {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double[] machine1 = ProcStats.machineSeconds();
    double generator1 = ProcStats.cpuSeconds(generatorPid);
    Map<String, Double> generatorThreads1 = ProcStats.threadCpuSeconds(generatorPid);
    double brokers1 = brokerSeconds();
    Map<String, Double> perServer = new LinkedHashMap<>();
    List<Map<String, Double>> threads1 = new ArrayList<>();
    // Every process read before any thread is named: naming runs jcmd, which takes seconds on a busy machine and
    // would count in the window of whatever is read after it.
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      perServer.put(s.name(), pct(ProcStats.cpuSeconds(s.pid()) - servers0[i], wall));
      threads1.add(ProcStats.threadCpuSeconds(s.pid()));
    }
    Map<String, Double> serverThreads = new HashMap<>();
    for (int i = 0; i < servers.size(); i++) {
      Server s = servers.get(i);
      Map<String, Double> threads = delta(threads0.get(i), threads1.get(i), wall, s.threadNames());
      String prefix = servers.size() > 1 ? s.name() + " " : "";
      threads.forEach((name, pct) -> serverThreads.put(prefix + name, pct));
    }
    double cores = Runtime.getRuntime().availableProcessors();
    return new Report(
        wall,
        perServer.values().stream().mapToDouble(Double::doubleValue).sum(),
        pct(generator1 - generator0, wall),
        pct(machine1[0] - machine0[0], wall),
        Math.round(cores) * 100.0,
        serverThreads,
        delta(generatorThreads0, generatorThreads1, wall, Map.of()),
        perServer,
        pct(brokers1 - brokers0, wall));
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
   * @param server the server's, or the sum of a cluster's members
   * @param capacity what the machine's cores give, 100 per core
   * @param perServer each server's by its name: one entry, or one per cluster member
   * @param brokers the Kafka brokers' of a cluster, summed (0 without)
   */
  record Report(double wallSeconds, double server, double generator, double machine, double capacity,
      Map<String, Double> serverThreads, Map<String, Double> generatorThreads, Map<String, Double> perServer,
      double brokers) {

    Report(double wallSeconds, double server, double generator, double machine, double capacity,
        Map<String, Double> serverThreads, Map<String, Double> generatorThreads, Map<String, Double> perServer) {
      this(wallSeconds, server, generator, machine, capacity, serverThreads, generatorThreads, perServer, 0);
    }

    /** Microseconds of the server's CPU per unit of work ({@code units} done in the window): robust to a busy machine. */
    double serverMicrosPer(double units) {
      return units <= 0 ? Double.NaN : server / 100 * wallSeconds * 1e6 / units;
    }

    /** Microseconds of the generator's CPU per unit of work. */
    double generatorMicrosPer(double units) {
      return units <= 0 ? Double.NaN : generator / 100 * wallSeconds * 1e6 / units;
    }

    double others() {
      return Math.max(0, machine - server - generator - brokers);
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
        String most = server >= generator && server >= others() ? (perServer.size() > 1 ? "the cluster's members" : "the server")
            : generator >= others() ? "the generator" : "other processes";
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

    /** The server's CPU, e.g. {@code 85%}, or for a cluster {@code 85% (node 1 30%, ...; Kafka brokers 40%)}. */
    String serverText() {
      StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%.0f%%", server));
      if (perServer.size() > 1) {
        StringBuilder each = new StringBuilder();
        perServer.forEach((name, pct) -> each.append(each.length() == 0 ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.0f%%", name, pct)));
        if (brokers > 0) {
          each.append(String.format(Locale.ROOT, "; Kafka brokers %.0f%%", brokers));
        }
        out.append(" (").append(each).append(')');
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
