package dev.eventhub.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 item 4: the Grafana dashboard shipped in the zip ({@code dashboards/hub.json}) queries only metrics a
 * running hub exposes, so no panel is empty because of a renamed meter.
 */
class DashboardIT {
  // A metric name in a PromQL expression: the families the hub, Vert.x and the JVM export.
  private static final Pattern METRIC = Pattern.compile("\\b((?:hub|vertx|jvm|process|system)_[a-z0-9_]+)\\b");
  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

  @TempDir Path dir;

  @Test
  void shouldQueryOnlyMetricsTheHubExposes() throws Exception {
    Path home = HubProcess.install(dir.resolve("hub"));
    JsonObject dashboard = new JsonObject(Files.readString(home.resolve("dashboards/hub.json")));
    Set<String> queried = queriedMetrics(dashboard);
    assertThat(queried).as("the dashboard's metrics").hasSizeGreaterThan(20);

    try (HubProcess hub = HubProcess.start(home, Map.of())) {
      hub.awaitReady();
      String token = HubProcess.run(home, "token", "--scope", "subscribe:* publish:* admin");
      // One event recorded, one request served: the per-category and HTTP series exist from then on.
      HttpResponse<String> published = hub.request("POST", "/api/events", token,
          "{\"category\":\"scheduler\",\"event\":\"probe\",\"data\":{}}");
      assertThat(published.statusCode()).isEqualTo(201);
      String metrics = hub.request("GET", "/metrics", null, null).body();
      Set<String> exposed = new TreeSet<>();
      Matcher m = SAMPLE.matcher(metrics);
      while (m.find()) {
        exposed.add(m.group(1));
      }
      assertThat(exposed).as("every metric the dashboard queries").containsAll(queried);
      assertThat(hub.terminate()).isZero();
    }
  }

  private static Set<String> queriedMetrics(JsonObject dashboard) {
    Set<String> metrics = new TreeSet<>();
    JsonArray panels = dashboard.getJsonArray("panels");
    for (Object p : panels) {
      JsonArray targets = ((JsonObject) p).getJsonArray("targets", new JsonArray());
      for (Object t : targets) {
        Matcher m = METRIC.matcher(((JsonObject) t).getString("expr"));
        while (m.find()) {
          metrics.add(m.group(1));
        }
      }
    }
    JsonArray variables = dashboard.getJsonObject("templating").getJsonArray("list");
    metrics.addAll(variables.stream().map(v -> ((JsonObject) v).getString("query", ""))
        .flatMap(q -> METRIC.matcher(q).results().map(r -> r.group(1))).collect(Collectors.toSet()));
    return metrics;
  }
}
