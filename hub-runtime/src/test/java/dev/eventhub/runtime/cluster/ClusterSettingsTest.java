package dev.eventhub.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code cluster} section: what a node needs, checked before anything of Kafka starts. */
class ClusterSettingsTest {
  @TempDir Path dir;

  HubConfig clustered() {
    return TestHub.config(dir).with("cluster.kafka.bootstrapServers", "127.0.0.1:9092");
  }

  @Test
  void shouldBeASingleNodeByDefault() {
    assertThat(ClusterSettings.clustered(HubConfig.defaults(dir))).isFalse();
    assertThat(ClusterSettings.clustered(HubConfig.defaults(dir).with("cluster.kafka.bootstrapServers", " ")))
        .isFalse();
  }

  @Test
  void shouldTakeTheDefaults() {
    ClusterSettings settings = ClusterSettings.from(clustered());
    assertThat(settings.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(settings.topic()).isEqualTo("eventhub-log");
    assertThat(settings.properties()).isEmpty();
    assertThat(settings.nodeId()).isNull();
    assertThat(settings.sessionTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(settings.dedupWindow()).isEqualTo(Duration.ofDays(7));
    assertThat(settings.publishTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.maxApplyLag()).isEqualTo(Duration.ofSeconds(5));
  }

  @ParameterizedTest
  @ValueSource(strings = {"enabled", "members", "quorum", "port", "busPort", "name", "host", "replicationTimeout",
      "failoverTimeout", "memberTimeout", "backups"})
  void shouldRefuseEveryHazelcastEraKeyNamingItAndKafka(String key) {
    HubConfig single = TestHub.config(dir).with("cluster." + key, "x");
    assertThatThrownBy(() -> ClusterSettings.refuseOldKeys(single)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster." + key).hasMessageContaining("Kafka").hasMessageContaining("docs/cluster.md");
    assertThatThrownBy(() -> ClusterSettings.from(clustered().with("cluster." + key, 1)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("cluster." + key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"acks", "enable.idempotence", "isolation.level", "transactional.id", "group.id",
      "enable.auto.commit", "key.serializer", "value.serializer", "key.deserializer", "value.deserializer"})
  void shouldRefuseClientPropertiesThatWouldBreakTheGuarantees(String property) {
    HubConfig config = clustered().with("cluster.kafka.properties", new JsonObject().put(property, "x"));
    assertThatThrownBy(() -> ClusterSettings.from(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.kafka.properties." + property);
  }

  @Test
  void shouldPassOtherPropertiesThroughAndNeverShowSecrets() {
    HubConfig config = clustered().with("cluster.kafka.properties", new JsonObject()
        .put("security.protocol", "SASL_SSL").put("sasl.jaas.config", "PlainLoginModule password=\"hunter2\";")
        .put("ssl.truststore.password", "s3cret").put("request.timeout.ms", 20000));
    ClusterSettings settings = ClusterSettings.from(config);
    assertThat(settings.properties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("request.timeout.ms", "20000").containsEntry("ssl.truststore.password", "s3cret");
    assertThat(settings.toString()).contains("SASL_SSL").doesNotContain("hunter2").doesNotContain("s3cret");
    assertThat(settings.shownProperties()).containsEntry("sasl.jaas.config", "[hidden]");
  }

  @Test
  void shouldRefuseABadTopicOrNodeId() {
    assertThatThrownBy(() -> ClusterSettings.from(clustered().with("cluster.kafka.topic", "a b")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("cluster.kafka.topic");
    assertThatThrownBy(() -> ClusterSettings.from(clustered().with("cluster.nodeId", "n/1")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("cluster.nodeId");
  }

  @Test
  void shouldRefuseASecretEachNodeWouldGenerateForItself() {
    HubConfig config = clustered().with("auth.jwt.secret", null);
    assertThatThrownBy(() -> ClusterSettings.from(config)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.jwt.secret");
  }
}
