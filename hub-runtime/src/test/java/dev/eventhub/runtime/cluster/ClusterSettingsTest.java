package dev.eventhub.runtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cluster} section: what a node needs, checked before anything of Hazelcast starts. */
class ClusterSettingsTest {
  @TempDir Path dir;

  HubConfig clustered(String... members) {
    return TestHub.config(dir).with("cluster.enabled", true).with("cluster.members", new JsonArray(java.util.List.of(
        (Object[]) members)));
  }

  @Test
  void shouldBeOffByDefault() {
    assertThat(ClusterSettings.enabled(HubConfig.defaults(dir))).isFalse();
  }

  @Test
  void shouldTakeAMajorityOfTheMembersAsQuorumAndTheDefaults() {
    ClusterSettings settings = ClusterSettings.from(clustered("10.0.0.1:5701", "10.0.0.2:5701", "10.0.0.3:5701"));
    assertThat(settings.quorum()).isEqualTo(2);
    assertThat(settings.port()).isEqualTo(5701);
    assertThat(settings.backups()).isEqualTo(1);
    assertThat(settings.replicationTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(settings.members()).hasSize(3);
    assertThat(ClusterSettings.from(clustered("a:1", "b:1", "c:1", "d:1")).quorum()).isEqualTo(3);
  }

  @Test
  void shouldRefuseAClusterWithoutMembers() {
    assertThatThrownBy(() -> ClusterSettings.from(clustered())).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster.members");
  }

  @Test
  void shouldRefuseAQuorumBelowAMajority() {
    HubConfig config = clustered("a:1", "b:1", "c:1").with("cluster.quorum", 1);
    assertThatThrownBy(() -> ClusterSettings.from(config)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("cluster.quorum").hasMessageContaining("partition");
    assertThat(ClusterSettings.from(config.with("cluster.quorum", 3)).quorum()).isEqualTo(3);
  }

  @Test
  void shouldRefuseASecretEachNodeWouldGenerateForItself() {
    HubConfig config = clustered("a:1").with("auth.jwt.secret", null);
    assertThatThrownBy(() -> ClusterSettings.from(config)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("auth.jwt.secret");
  }
}
