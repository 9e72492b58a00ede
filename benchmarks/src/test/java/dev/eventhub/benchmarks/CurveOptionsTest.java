package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveOptionsTest {
  @Test
  void shouldReadTheSizesOfEachCurveSmallToLargeWithThousandsAndMillionsAbbreviated() {
    CurveOptions o = CurveOptions.parse(new String[] {"--scenarios", "K1,K4", "--k-subscribers", "10k,10,1000",
        "--k-log-sizes", "100M,1M,10M", "--k-rates", "2000,1000", "--k-delivery-rate", "5k", "--k-svg-dir", "docs/perf",
        "--runs", "1"});

    assertThat(o.subscribers()).containsExactly(10, 1_000, 10_000);
    assertThat(o.logSizes()).containsExactly(1_000_000L, 10_000_000L, 100_000_000L);
    assertThat(o.rates()).containsExactly(1_000, 2_000);
    assertThat(o.deliveryRate()).isEqualTo(5_000);
    assertThat(o.svgDir()).isEqualTo(Path.of("docs/perf"));
    assertThat(o.categories()).as("not given: the default").isEqualTo(CurveOptions.defaults().categories());
  }

  @Test
  void shouldRefuseASizeThatIsNotAPositiveWholeNumberNamingTheOption() {
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--k-filters", "1,0"}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--k-filters").hasMessageContaining("'0'");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--k-categories", "1,x"}))
        .hasMessageContaining("--k-categories").hasMessageContaining("'x'");
    assertThatThrownBy(() -> CurveOptions.parse(new String[] {"--k-subscribers", "5000M"}))
        .hasMessageContaining("too large");
  }

  @Test
  void shouldLeaveTheCurvesOutOfTheDefaultScenariosAndLetSettingsAcceptTheirOptions() {
    Settings defaults = Settings.parse(new String[] {"--dist", "/tmp", "--k-log-sizes", "1M"});

    assertThat(CostCurves.SCENARIOS).noneMatch(defaults::runs);
    assertThat(CostCurves.anyNamed(defaults)).isFalse();
    assertThat(CostCurves.anyNamed(Settings.parse(new String[] {"--dist", "/tmp", "--scenarios", "k2"}))).isTrue();
    assertThat(List.copyOf(CurveOptions.OPTIONS)).allMatch(o -> o.startsWith("--k-"));
  }
}
