package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 24: S2's pace comes from BENCH_S2_RATE when set (200/s as well as 1,000/s). */
class LatencyRateTest {
  @Test
  void shouldPublishAThousandASecondUnlessTold() {
    assertThat(Latency.rate(null)).isEqualTo(1000);
    assertThat(Latency.rate(" ")).isEqualTo(1000);
    assertThat(Latency.rate("200")).isEqualTo(200);
  }

  @Test
  void shouldRefuseARateThatIsNotAPositiveNumberNamingIt() {
    for (String bad : new String[] {"0", "-5", "fast"}) {
      assertThatThrownBy(() -> Latency.rate(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("BENCH_S2_RATE").hasMessageContaining(bad);
    }
  }
}
