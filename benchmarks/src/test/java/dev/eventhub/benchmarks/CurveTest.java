package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class CurveTest {
  private static Sample sample(double cpu, double p99) {
    return new Sample().put("server µs/delivery", cpu).put("p99 ms", p99);
  }

  @Test
  void shouldTabulateEachPointWithItsLoadAverageAndProblemsInTheOrderMeasured() {
    Curve curve = new Curve("K1", "cost against subscribers", "subscribers per category");
    curve.add("hub", 10, sample(1.0, 2.0), "1.00 2.00 3.00");
    curve.add("hub", 10_000, sample(1.5, 40.0).problem("saturated | late"), "4.00 5.00 6.00");

    String table = curve.table(List.of(new Curve.Column("server µs/delivery", "µs per delivery"),
        new Curve.Column("p99 ms", "p99 ms")));

    assertThat(table).contains("K1: cost against subscribers", "| series | subscribers per category | µs per delivery |"
        + " p99 ms | load average | problems |", "| hub | 10 | 1.00 | 2.00 | 1.00 2.00 3.00 |  |",
        "| hub | 10k | 1.50 | 40.00 | 4.00 5.00 6.00 | saturated / late |");
  }

  @Test
  void shouldCallAPerUnitCostThatRisesWithTheSizeFasterThanLinearInTotalAndAFlatOneNot() {
    Curve curve = new Curve("K2", "t", "categories");
    curve.add("flat", 1, sample(1.0, 1), "0 0 0").add("flat", 100, sample(1.1, 1), "0 0 0")
        .add("flat", 10_000, sample(1.2, 1), "0 0 0");
    curve.add("rising", 1, sample(1.0, 1), "0 0 0").add("rising", 10_000, sample(100.0, 1), "0 0 0");

    assertThat(curve.growth("server µs/delivery").get("rising")).containsExactly(100.0, 10_000.0, 0.5);
    assertThat(Curve.slope(10, 1, 1000, 100)).isEqualTo(1.0);
    assertThat(curve.perUnitVerdict("server µs/delivery", "CPU per delivery"))
        .contains("- flat, CPU per delivery: ×1.20 for ×10k of the size (log-log slope 0.02): the total grows linearly")
        .contains("- rising, CPU per delivery: ×100.00 for ×10k of the size (log-log slope 0.50): **the total grows faster");
    assertThat(curve.latencyVerdict("server µs/delivery", "p99")).contains("- rising, p99: ×100.00", "**rises with the size**")
        .contains("- flat, p99: ×1.20 for ×10k of the size (log-log slope 0.02): flat or falling");
    assertThat(new Curve("K5", "t", "x").add("one", 1, sample(1, 1), "").perUnitVerdict("p99 ms", "p99"))
        .contains("fewer than two points");
  }

  @Test
  void shouldPlotAFigureAsOneLinePerSeries() {
    Curve curve = new Curve("K3", "filters", "filters per subscription");
    curve.add("keys", 1, sample(1.0, 2), "").add("keys", 100, sample(2.0, 3), "")
        .add("globs", 1, sample(1.0, 2), "").add("globs", 100, sample(Double.NaN, 3), "");

    String svg = curve.svg("server µs/delivery", "µs per delivery", false);

    assertThat(svg).contains("K3: filters", "µs per delivery", "keys", "globs");
    assertThat(svg.split("<polyline", -1)).hasSize(3);
  }

  @Test
  void shouldFilterOnlyWithTheLastPatternOfAK3SubscriptionAndCapAttributesAtSixteen() {
    JsonObject globs = CostCurves.filter("event globs", 3);
    assertThat(globs.getJsonArray("events")).isEqualTo(new JsonArray().add("nomatch-0-*").add("nomatch-1-*").add("ti*"));
    assertThat(CostCurves.filter("keys", 2).getJsonArray("keys")).isEqualTo(new JsonArray().add("nokey-0").add("k-1"));
    assertThat(CostCurves.filter("attributes", 100).getJsonObject("attributes").size()).isEqualTo(16);
    assertThat(CostCurves.EVENT_ATTRIBUTES).hasSize(16);
  }

  @Test
  void shouldWriteStampedEventsOneObjectOrAnArray() {
    JsonObject one = new JsonObject(CostCurves.events(1, 42, i -> "c", "tick", "k-1", null));
    assertThat(one.getJsonObject("data").getLong("bench_t")).isEqualTo(42L);
    JsonArray three = new JsonArray(CostCurves.events(3, 7, i -> "c-" + i, "tick", "k-1", CostCurves.EVENT_ATTRIBUTES));
    assertThat(three).hasSize(3);
    assertThat(three.getJsonObject(2).getString("category")).isEqualTo("c-2");
    assertThat(three.getJsonObject(0).getJsonObject("attributes").getString("a15")).isEqualTo("v-15");
  }

  @Test
  void shouldReadThePrunedCountFromPrometheusText() {
    String metrics = "# TYPE hub_log_pruned_events_total counter\nhub_log_pruned_events_total 1.25E6\n"
        + "hub_log_events 3\n";
    assertThat(LogSizeCurve.prunedFromMetrics(metrics)).isEqualTo(1_250_000.0);
    assertThat(LogSizeCurve.prunedFromMetrics("hub_log_events 3\n")).isZero();
  }
}
