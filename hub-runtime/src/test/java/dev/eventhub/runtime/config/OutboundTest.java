package dev.eventhub.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.spi.Cidr;
import dev.eventhub.api.spi.OutboundSettings;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code outbound} section, as plugins are told it (issue 17 item 10). */
class OutboundTest {
  @TempDir Path dir;

  @Test
  void shouldOpenNothingByDefault() {
    OutboundSettings settings = Outbound.settings(HubConfig.defaults(dir));

    assertThat(settings.allowNetworks()).isEmpty();
    assertThat(settings.hopId()).isNotBlank();
    assertThat(settings.httpPort()).isEqualTo(-1);
  }

  @Test
  void shouldReadTheNetworksFromTheEnvironmentAsAList() {
    HubConfig config = ConfigLoader.load(null, Map.of("HUB_OUTBOUND_ALLOW_NETWORKS", "10.20.0.0/16, 127.0.0.1"), dir);

    assertThat(Outbound.settings(config).allowNetworks())
        .containsExactly(Cidr.parse("10.20.0.0/16"), Cidr.parse("127.0.0.1"));
  }

  @Test
  void shouldGiveEachStartAHopIdOfItsOwn() {
    HubConfig config = HubConfig.defaults(dir);

    assertThat(Outbound.settings(config).hopId()).isNotEqualTo(Outbound.settings(config).hopId());
  }

  @Test
  void shouldRefuseAnEntryThatIsNotANetworkNamingTheSetting() {
    HubConfig config = HubConfig.defaults(dir).with("outbound.allowNetworks",
        new io.vertx.core.json.JsonArray().add("10.0.0.0/8").add("intranet.example"));

    assertThatThrownBy(() -> Outbound.settings(config)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("outbound.allowNetworks").hasMessageContaining("'intranet.example'");
  }
}
