package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The one paced publisher of S2, S6 and the cost curves: the events due at a given time. */
class PacerTest {
  @Test
  void shouldOweTheRateTimesTheTimeElapsed() {
    assertThat(Pacer.due(0, 1000)).isZero();
    assertThat(Pacer.due(1_000_000, 1000)).isEqualTo(1);
    assertThat(Pacer.due(999_999, 1000)).isZero();
    assertThat(Pacer.due(2_000_000_000L, 200)).isEqualTo(400);
    assertThat(Pacer.due(500_000_000L, 80_000)).isEqualTo(40_000);
  }
}
