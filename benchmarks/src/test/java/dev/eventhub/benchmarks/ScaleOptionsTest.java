package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ScaleOptionsTest {
  @Test
  void shouldTakeItsOptionsAndLeaveTheRestToBench() {
    String[] args = {"--scenarios", "N1,M1", "--idle-connections", "100000", "--runs", "1", "--source-addresses", "5",
        "--subscriber-processes", "4", "--nats-server", "/opt/nats", "--storm-rate", "10000", "--live-subscribers",
        "10000", "--heartbeat", "3"};

    ScaleOptions o = ScaleOptions.parse(args);

    assertThat(o).isEqualTo(new ScaleOptions(4, "/opt/nats", 100_000, 5, 10_000, 10_000, 3));
    Settings settings = Settings.parse(args);
    assertThat(settings.scenarios()).containsExactly("N1", "M1");
    assertThat(settings.runs()).isEqualTo(1);
  }

  @Test
  void shouldRefuseANumberThatIsNotPositive() {
    assertThatThrownBy(() -> ScaleOptions.parse(new String[] {"--idle-connections", "-5"}))
        .hasMessage("--idle-connections needs a positive whole number, not '-5'");
  }

  @Test
  void shouldRunNatsSideBySideByDefault() {
    assertThat(Settings.parse(new String[] {"--dist", "."}).scenarios()).contains("N1");
    assertThat(ScaleOptions.sourceAddress(0)).isEqualTo("127.0.0.2");
  }
}
