package dev.eventhub.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Issue 18: what an idle cluster (3 hubs on 3 Kafka brokers, formed, nothing published) costs in CPU, with the
 * applier's fetch wait of before ({@code fetch.max.wait.ms} 50, passed through {@code cluster.kafka.properties}) and
 * with the hub's default, one cluster after the other in one invocation. An idle cost is paid by every scenario of a
 * shared machine. Usage: {@code ClusterIdleCpu [DIST] [SECONDS]} (defaults: distribution/target/hub-*, 20).
 */
final class ClusterIdleCpu {
  private ClusterIdleCpu() {}

  public static void main(String[] args) throws Exception {
    Path dist = args.length > 0 ? Path.of(args[0]) : Settings.parse(new String[0]).dist();
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 20;
    Map<String, Map<String, String>> variants = new LinkedHashMap<>();
    variants.put("fetch.max.wait.ms 50 (before)", Map.of("HUB_CLUSTER_KAFKA_PROPERTIES", "{\"fetch.max.wait.ms\":\"50\"}"));
    variants.put("hub default (after)", Map.of());
    List<String> rows = new ArrayList<>();
    for (var variant : variants.entrySet()) {
      try (HubCluster cluster = HubCluster.start(dist, i -> Settings.DEFAULT_JVM_FLAGS, Bench.CLUSTER_SIZE,
          Bench.CLUSTER_BROKERS, variant.getValue())) {
        Thread.sleep(seconds * 1000); // settle: start-up work (JIT, leader election) out of the window
        List<Long> hubs = cluster.nodes().stream().map(Server::pid).toList();
        List<Long> brokers = cluster.brokerPids();
        double[] h0 = cpu(hubs);
        double[] b0 = cpu(brokers);
        long t0 = System.nanoTime();
        Thread.sleep(seconds * 1000);
        double wall = (System.nanoTime() - t0) / 1e9;
        double[] h1 = cpu(hubs);
        double[] b1 = cpu(brokers);
        rows.add(String.format(Locale.ROOT, "| %s | %s | %s | %.1f%% | %.1f%% |", variant.getKey(), pct(h0, h1, wall),
            pct(b0, b1, wall), total(h0, h1, wall), total(b0, b1, wall)));
        System.out.println(rows.get(rows.size() - 1) + " load average " + java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim());
      }
    }
    System.out.println("\n| idle cluster | each hub | each broker | hubs | brokers |\n|---|---|---|---:|---:|");
    rows.forEach(System.out::println);
  }

  private static double[] cpu(List<Long> pids) {
    return pids.stream().mapToDouble(ProcStats::cpuSeconds).toArray();
  }

  private static String pct(double[] before, double[] after, double wall) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < before.length; i++) {
      out.add(String.format(Locale.ROOT, "%.1f%%", (after[i] - before[i]) * 100 / wall));
    }
    return String.join(", ", out);
  }

  private static double total(double[] before, double[] after, double wall) {
    double sum = 0;
    for (int i = 0; i < before.length; i++) {
      sum += after[i] - before[i];
    }
    return sum * 100 / wall;
  }
}
