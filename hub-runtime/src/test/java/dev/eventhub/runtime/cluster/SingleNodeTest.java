package dev.eventhub.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.ChildHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Single-node mode, the default, stays as it was: not one class of Kafka is loaded, and no broker is needed. */
class SingleNodeTest {
  @TempDir Path dir;

  @Test
  void shouldLoadNoKafkaClassUnlessClusteringIsConfigured() throws Exception {
    try (ChildHub hub = ChildHub.start(dir, Map.of(), List.of("-Xlog:class+load=info"))) {
      hub.awaitReady();
      String output = hub.output();
      assertThat(output).as("class loading is logged").contains("io.vertx.core.Vertx ");
      assertThat(output).as("the hub's own classes are logged").contains("dev.eventhub.runtime.Hub ");
      assertThat(output).doesNotContain("org.apache.kafka.").doesNotContain("dev.eventhub.runtime.cluster.kafka.")
          .doesNotContain("com.hazelcast");
    }
  }
}
