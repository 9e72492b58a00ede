package dev.eventhub.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void shouldReadEveryUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse(" 15 s ")).isEqualTo(Duration.ofSeconds(15));
  }

  @Test
  void shouldReadWholeNumbersAsMilliseconds() {
    assertThat(Durations.parse(1500)).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse(86_400_000_000L)).isEqualTo(Duration.ofDays(1000));
    assertThat(Durations.parse(0)).isEqualTo(Duration.ZERO);
  }

  @Test
  void shouldRefuseWhatIsNotADuration() {
    assertThat(Durations.parse(null)).isNull();
    assertThat(Durations.parse(-1)).isNull();
    assertThat(Durations.parse(1.5)).isNull();
    assertThat(Durations.parse("1500")).isNull();
    assertThat(Durations.parse("-5s")).isNull();
    assertThat(Durations.parse("1.5s")).isNull();
    assertThat(Durations.parse("5 minutes")).isNull();
    assertThat(Durations.parse("9999999999999s")).as("too many digits").isNull();
    assertThat(Durations.parse(true)).isNull();
  }

  @Test
  void shouldGiveTheFallbackForAnAbsentSetting() {
    assertThat(Durations.setting("interval", null, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
    assertThat(Durations.setting("interval", "2m", Duration.ofSeconds(3))).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.setting("interval", BigInteger.TEN, null)).isEqualTo(Duration.ofMillis(10));
  }

  @Test
  void shouldNameTheSettingThatIsNotADuration() {
    assertThatThrownBy(() -> Durations.setting("heartbeatInterval", "soon", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'heartbeatInterval'")
        .hasMessageContaining("'soon'");
  }
}
