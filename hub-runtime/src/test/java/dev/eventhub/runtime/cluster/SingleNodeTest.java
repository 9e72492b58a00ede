package dev.eventhub.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.ChildHub;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Single-node mode, the default, stays as it was: Hazelcast does not start. (Vert.x's builder looks its
 * cluster-manager service up, which loads a few interface classes of Hazelcast, and creates nothing.)
 */
class SingleNodeTest {
  @TempDir Path dir;

  @Test
  void shouldNotStartHazelcastUnlessClusteringIsConfigured() throws Exception {
    try (ChildHub hub = ChildHub.start(dir, Map.of(), List.of("-Xlog:class+load=info"))) {
      hub.awaitReady();
      String output = hub.output();
      assertThat(output).as("class loading is logged").contains("io.vertx.core.Vertx ");
      assertThat(output).doesNotContain("com.hazelcast.instance.impl.HazelcastInstanceFactory")
          .doesNotContain("com.hazelcast.instance.impl.Node ").doesNotContain("com.hazelcast.spi.impl.NodeEngineImpl")
          .doesNotContain("io.vertx.core.eventbus.impl.clustered.ClusteredEventBus ").doesNotContain("cluster:");
    }
  }
}
