package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
  private static final List<Report.Row> CLUSTER_ROWS = List.of(
      new Report.Row("C1", "deliveries/s", "cluster", "deliveries/s", "", false, null, "hub"));

  @Test
  void shouldCompareTheClusterWithTheSingleHubAndShowEachMembersCpuAndTheBrokersApart() {
    Report report = new Report();
    report.add("C1", "hub", sample(200_000, Map.of("hub", 120.0)));
    Map<String, Double> members = new LinkedHashMap<>();
    members.put("node 1", 50.0);
    members.put("node 2", 40.0);
    members.put("node 3", 30.0);
    Sample cluster = new Sample().put("deliveries/s", 100_000);
    cluster.cpu = new CpuMeter.Report(8, 120, 20, 190, 200, Map.of(), Map.of(), members, 45);
    report.add("C1", "cluster", cluster);

    assertThat(report.hasAny(CLUSTER_ROWS)).isTrue();
    assertThat(report.figuresTable(CLUSTER_ROWS, "cluster", "hub", "cluster/hub"))
        .contains("| scenario | measure | cluster | hub | cluster/hub |", "| C1 | deliveries/s | 100,000 | 200,000 | 0.50 |");
    assertThat(report.cpuTable(Map.of("C1", "deliveries/s")))
        .contains("| C1 | hub | 120% |",
            "| C1 | cluster | 120% (node 1 50%, node 2 40%, node 3 30%; Kafka brokers 45%) | 20% | 5% |");
  }

  @Test
  void shouldLeaveOutATableWithoutSamples() {
    Report report = new Report();
    report.add("S1", "hub", sample(1, Map.of("hub", 1.0)));

    assertThat(report.hasAny(CLUSTER_ROWS)).isFalse();
  }

  private static Sample sample(double deliveries, Map<String, Double> perServer) {
    Sample s = new Sample().put("deliveries/s", deliveries);
    double sum = perServer.values().stream().mapToDouble(Double::doubleValue).sum();
    s.cpu = new CpuMeter.Report(8, sum, 50, 190, 200, Map.of(), Map.of(), perServer);
    return s;
  }
}
