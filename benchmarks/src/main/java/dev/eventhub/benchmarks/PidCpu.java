package dev.eventhub.benchmarks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU over a measured window for a server known only by its PID (NATS is not a JVM: no {@code jcmd}), read from
 * {@code /proc/<pid>/stat} before and after, as {@link CpuMeter} does for the JVM servers; the generator is this
 * process and the subscriber processes together. Its threads go by their kernel names and ids.
 */
final class PidCpu {
  private final String name;
  private final long serverPid;
  private final List<Long> generatorPids;
  private final long start = System.nanoTime();
  private final double server0;
  private final double generator0;
  private final double[] machine0;
  private final Map<String, Double> threads0;

  private PidCpu(String name, long serverPid, List<Long> generatorPids) {
    this.name = name;
    this.serverPid = serverPid;
    this.generatorPids = List.copyOf(generatorPids);
    this.threads0 = ProcStats.threadCpuSeconds(serverPid);
    this.server0 = ProcStats.cpuSeconds(serverPid);
    this.generator0 = generatorSeconds();
    this.machine0 = ProcStats.machineSeconds();
  }

  /** @param generatorPids the subscriber processes (this process is always counted) */
  static PidCpu start(String name, long serverPid, List<Long> generatorPids) {
    return new PidCpu(name, serverPid, generatorPids);
  }

  private double generatorSeconds() {
    return ProcStats.cpuSeconds(ProcessHandle.current().pid())
        + generatorPids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
  }

  CpuMeter.Report stop() {
    double wall = (System.nanoTime() - start) / 1e9;
    double server = pct(ProcStats.cpuSeconds(serverPid) - server0, wall);
    double generator = pct(generatorSeconds() - generator0, wall);
    double machine = pct(ProcStats.machineSeconds()[0] - machine0[0], wall);
    Map<String, Double> threads = new HashMap<>();
    ProcStats.threadCpuSeconds(serverPid).forEach((thread, seconds) ->
        threads.put(thread, pct(seconds - threads0.getOrDefault(thread, 0.0), wall)));
    double capacity = Runtime.getRuntime().availableProcessors() * 100.0;
    return new CpuMeter.Report(wall, server, generator, machine, capacity, threads, Map.of(), Map.of(name, server));
  }

  private static double pct(double seconds, double wall) {
    return wall <= 0 ? 0 : 100 * seconds / wall;
  }
}
