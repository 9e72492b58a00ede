package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeerFanOutTest {
  @Test
  void shouldShowEverySystemAndTheHubsRatiosToTheBareServerAndToNats() {
    Report report = new Report();
    report.add("N1", "hub", new Sample().put("deliveries/s", 900_000).put("server µs/delivery", 1.2));
    report.add("N1", "hub batch", new Sample().put("deliveries/s", 2_000_000).put("server µs/delivery", 0.4));
    report.add("N1", "bare", new Sample().put("deliveries/s", 300_000).put("server µs/delivery", 4.8));
    report.add("N1", "NATS", new Sample().put("deliveries/s", 600_000).put("server µs/delivery", 0.8));

    assertThat(PeerFanOut.table(report))
        .contains("| measure | hub | hub `batch` | bare | NATS | hub/bare | hub/NATS | hub `batch`/NATS |",
            "| deliveries/s | 900,000 | 2,000,000 | 300,000 | 600,000 | 3.00 | 1.50 | 3.33 |",
            "| server CPU µs per delivery | 1.20 | 0.40 | 4.80 | 0.80 | 0.25 | 1.50 | 0.50 |");
  }

  @Test
  void shouldLeaveTheTableOutWhenN1DidNotRun() {
    assertThat(PeerFanOut.table(new Report())).isEmpty();
  }
}
