package dev.eventhub.runtime.config;

import dev.eventhub.api.spi.Cidr;
import dev.eventhub.api.spi.OutboundSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the {@code outbound} section: what plugins are told about the calls they make (see {@link
 * OutboundSettings}).
 */
public final class Outbound {
  private Outbound() {}

  /**
   * The outbound settings of {@code config}, with a fresh hop id and no port yet.
   *
   * @throws ConfigException naming {@code outbound.allowNetworks} and the entry that is not a network
   */
  public static OutboundSettings settings(HubConfig config) {
    List<Cidr> networks = new ArrayList<>();
    for (String entry : config.strings("outbound.allowNetworks")) {
      try {
        networks.add(Cidr.parse(entry));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("setting 'outbound.allowNetworks': " + e.getMessage());
      }
    }
    return new OutboundSettings(networks, OutboundSettings.newHopId(), -1);
  }
}
