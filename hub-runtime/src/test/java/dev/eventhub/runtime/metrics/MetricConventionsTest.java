package dev.eventhub.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 3: a running hub's {@code /metrics} by Prometheus's conventions - counters for what only grows
 * ({@code _total}), histograms with the documented buckets for durations, units in names, and per-category series
 * bounded by {@code metrics.maxCategories}.
 */
class MetricConventionsTest {
  @TempDir Path dir;

  @Test
  void shouldExposeCountersHistogramsAndGaugesByTheConventions() {
    try (TestHub hub = TestHub.start(dir)) {
      hub.publish("orders", "placed", "o1", new JsonObject());
      PrometheusText text = PrometheusText.parse(hub.get("/metrics", null).bodyAsString());
      Map<String, String> expected = Map.of(
          "hub_events_recorded_total", "counter", "hub_log_commits_total", "counter",
          "hub_log_pruned_events_total", "counter", "hub_auth_failures_total", "counter",
          "hub_log_refused_total", "counter",
          "hub_append_latency_seconds", "histogram", "hub_log_commit_seconds", "histogram",
          "hub_delivery_handoff_seconds", "histogram",
          "hub_log_events", "gauge", "hub_log_size_bytes", "gauge");
      expected.forEach((name, type) -> assertThat(text.types()).as(name).containsEntry(name, type));
      assertThat(text.samples("hub_log_commits_total")).isNotEmpty();
      assertThat(text.samples("hub_log_commit_seconds_count").get(0).value()).isPositive();
      assertThat(text.samples("hub_delivery_handoff_seconds_count").get(0).value()).isPositive();
    }
  }

  @Test
  void shouldFollowTheNamingRulesForEveryHubMetric() {
    try (TestHub hub = TestHub.start(dir)) {
      hub.publish("orders", "placed", "o1", new JsonObject());
      PrometheusText text = PrometheusText.parse(hub.get("/metrics", null).bodyAsString());
      text.types().forEach((family, type) -> {
        if (!family.startsWith("hub_")) {
          return;
        }
        switch (type) {
          case "counter" -> assertThat(family).as(family + ": a counter").endsWith("_total");
          case "gauge" -> {
            assertThat(family).as(family + ": a gauge named like a counter").doesNotEndWith("_total")
                .doesNotEndWith("_count");
            // Micrometer adds the largest recent value of each histogram as a gauge.
            if (family.endsWith("_max")) {
              assertThat(text.types()).containsEntry(family.substring(0, family.length() - 4), "histogram");
            }
          }
          case "histogram" -> assertThat(family).as(family + ": a duration in seconds").endsWith("_seconds");
          default -> throw new AssertionError(family + " has type " + type);
        }
      });
      text.samples().stream().filter(s -> s.name().startsWith("hub_")).forEach(s ->
          assertThat(text.types()).as("family of " + s.name()).containsKey(family(s.name(), text.types().keySet())));
    }
  }

  @Test
  void shouldUseTheDocumentedBucketsForEveryHistogram() {
    try (TestHub hub = TestHub.start(dir)) {
      hub.publish("orders", "placed", "o1", new JsonObject());
      PrometheusText text = PrometheusText.parse(hub.get("/metrics", null).bodyAsString());
      Set<Double> documented = new TreeSet<>(List.of(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
          0.5, 1.0, 2.5, 5.0, 10.0, Double.POSITIVE_INFINITY));
      for (String histogram : List.of("hub_append_latency_seconds", "hub_log_commit_seconds",
          "hub_delivery_handoff_seconds")) {
        Set<Double> buckets = text.samples(histogram + "_bucket").stream()
            .map(s -> s.labels().replaceAll(".*le=\"([^\"]+)\".*", "$1"))
            .map(le -> "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le))
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(buckets).as(histogram).isEqualTo(documented);
      }
    }
  }

  @Test
  void shouldBoundThePerCategorySeries() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("metrics.maxCategories", 3))) {
      for (String category : List.of("a", "b", "c", "d", "e")) {
        hub.publish(category, "happened", "k", new JsonObject());
      }
      hub.publish("a", "happened", "k2", new JsonObject());
      PrometheusText text = PrometheusText.parse(hub.get("/metrics", null).bodyAsString());
      List<PrometheusText.Sample> recorded = text.samples("hub_events_recorded_total");
      assertThat(recorded).hasSize(4);
      assertThat(recorded.stream().mapToDouble(PrometheusText.Sample::value).sum()).isEqualTo(6.0);
      assertThat(recorded).anySatisfy(s -> assertThat(s.labels()).contains("category=\"_other\"")
          .satisfies(l -> assertThat(s.value()).isEqualTo(2.0)));
      List<PrometheusText.Sample> retained = text.samples("hub_log_category_events");
      assertThat(retained).hasSize(4);
      // The largest categories keep series of their own: "a" holds two events.
      assertThat(retained).anySatisfy(s -> assertThat(s.labels()).isEqualTo("category=\"a\""));
      assertThat(retained.stream().mapToDouble(PrometheusText.Sample::value).sum()).isEqualTo(6.0);
    }
  }

  @Test
  void shouldNotGiveEachCategoryEventBusSeriesOfItsOwn() {
    // Every category has an event-bus address of its own ("hub.events.<category>"): were Vert.x's event-bus
    // meters labelled by address (Label.EB_ADDRESS, off in Vert.x 5's defaults), 10,000 categories would be
    // tens of thousands of series, past what metrics.maxCategories bounds.
    try (TestHub hub = TestHub.start(dir)) {
      // Events go on the bus only for categories someone wants: this test wants them all.
      hub.hub().interest().want("*");
      for (String category : List.of("a", "b", "c", "d", "e")) {
        hub.publish(category, "happened", "k", new JsonObject());
      }
      PrometheusText text = PrometheusText.parse(hub.get("/metrics", null).bodyAsString());
      List<PrometheusText.Sample> published = text.samples("vertx_eventbus_published_total");
      assertThat(published).as("event-bus metrics are on by default").isNotEmpty();
      assertThat(text.samples()).allSatisfy(sample -> assertThat(sample.labels()).as(sample.name())
          .doesNotContain("hub.events.a\"").doesNotContain("hub.events.e\""));
      assertThat(published).allSatisfy(s -> assertThat(s.labels()).doesNotContain("address="));
    }
  }

  // A sample's family: its name, or its name less the suffix the exposition adds (_total, _bucket, _count...).
  private static String family(String sample, Set<String> families) {
    for (String suffix : List.of("", "_total", "_bucket", "_count", "_sum", "_max", "_created")) {
      if (sample.endsWith(suffix) && families.contains(sample.substring(0, sample.length() - suffix.length()))) {
        return sample.substring(0, sample.length() - suffix.length());
      }
    }
    return sample;
  }
}
