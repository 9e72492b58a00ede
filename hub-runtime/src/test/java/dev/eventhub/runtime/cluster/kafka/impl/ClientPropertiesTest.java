package dev.eventhub.runtime.cluster.kafka.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.cluster.ClusterSettings;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each Kafka client is given (issue 18: the applier's fetch settings, C2/C3 in docs/performance.md). */
class ClientPropertiesTest {
  @TempDir Path dir;

  private ClusterSettings settings(JsonObject properties) {
    return ClusterSettings.from(TestHub.config(dir).with("cluster.kafka.bootstrapServers", "127.0.0.1:9092")
        .with("cluster.kafka.properties", properties));
  }

  @Test
  void shouldLetAnIdleApplierWaitAtTheBrokerInsteadOfAskingTwentyTimesASecond() {
    Properties p = ClientProperties.consumer(settings(new JsonObject()), "n1");
    assertThat(p.getProperty("fetch.max.wait.ms")).isEqualTo("500");
    assertThat(p.getProperty("fetch.min.bytes")).as("an applied record is never held back to fill a fetch").isNull();
    assertThat(p.getProperty("isolation.level")).isEqualTo("read_committed");
  }

  @Test
  void shouldKeepTheUsersFetchSettings() {
    Properties p = ClientProperties.consumer(settings(new JsonObject().put("fetch.max.wait.ms", "20")
        .put("fetch.min.bytes", "16384")), "n1");
    assertThat(p.getProperty("fetch.max.wait.ms")).isEqualTo("20");
    assertThat(p.getProperty("fetch.min.bytes")).isEqualTo("16384");
  }
}
