package dev.eventhub.kit.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class PluginMetersTest {
  @Test
  void shouldFoldCamelCaseFieldsIntoSnakeCaseNames() {
    assertThat(PluginMeters.snake("slowConsumerCloses")).isEqualTo("slow_consumer_closes");
    assertThat(PluginMeters.snake("parked")).isEqualTo("parked");
  }

  @Test
  void shouldRegisterNothingAndCloseQuietlyWithoutARegistry() {
    // No Vert.x with metrics in this JVM: the hub runs with metrics off.
    PluginMeters meters = PluginMeters.register("x", () -> new JsonObject().put("a", 1), "a");
    meters.close();
    assertThat(new SimpleMeterRegistry().getMeters()).isEmpty();
  }
}
