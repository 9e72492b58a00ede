package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the harness as {@code ./run-benchmarks --smoke} does (S1 and S2, one short run each, against
 * the built distribution and the bare server) and checks that it ran and produced figures. It never
 * checks a figure against a target: the machine running the tests decides those, not the code.
 */
class BenchSmokeIT {
  private static final long TIMEOUT_SECONDS = 240;

  @TempDir Path dir;

  @Test
  void shouldRunTheFanOutAndLatencyScenariosAgainstHubAndBareAndReportFigures() throws Exception {
    Path out = dir.resolve("smoke.md");
    Path log = dir.resolve("bench.log");
    String classpath = System.getProperty("bench.classes") + File.pathSeparator + System.getProperty("bench.lib")
        + File.separator + "*";
    Process bench = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx1g", "-cp",
        classpath, Bench.class.getName(), "--smoke", "--dist", System.getProperty("hub.dist"), "--out", out.toString())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = bench.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!ended) {
      bench.destroyForcibly().waitFor();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(ended).as("the smoke run ended within %d s:%n%s", TIMEOUT_SECONDS, output).isTrue();
    assertThat(bench.exitValue()).as(output).isZero();

    JsonObject results = new JsonObject(Files.readString(dir.resolve("smoke.json")));
    for (String variant : List.of("hub", "hub batch", "bare")) {
      assertThat(figure(results, "S1", variant, "deliveries/s")).as("S1 %s:%n%s", variant, output).isPositive();
      assertThat(figure(results, "S1", variant, "events published/s")).as("S1 %s", variant).isPositive();
    }
    for (String variant : List.of("hub", "bare")) {
      assertThat(figure(results, "S2", variant, "samples")).as("S2 %s:%n%s", variant, output).isPositive();
      assertThat(figure(results, "S2", variant, "p99 ms")).as("S2 %s", variant).isPositive();
    }
    assertThat(Files.readString(out)).contains("| S1 | deliveries/s, one event per frame |", "| S2 | latency p99 (ms) |",
        "busiest server threads");
  }

  private static double figure(JsonObject results, String scenario, String variant, String key) {
    JsonObject run = results.getJsonObject(scenario).getJsonArray(variant).getJsonObject(0);
    Double value = run.getJsonObject("values").getDouble(key);
    return value == null ? Double.NaN : value;
  }
}
