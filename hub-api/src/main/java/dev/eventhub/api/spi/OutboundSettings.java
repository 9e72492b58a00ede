package dev.eventhub.api.spi;

import java.util.List;
import java.util.UUID;

/**
 * What the hub tells its plugins about the calls they make to other servers (webhook deliveries,
 * HTTP actions): {@link PluginContext#outbound()}.
 *
 * <p>By default a plugin must refuse to call loopback, link-local, private, unique-local,
 * unspecified and multicast addresses (so a caller cannot make the hub reach what only the hub
 * reaches: metadata services, admin ports, the hub itself); {@code allowNetworks} opens ranges of
 * them. Every call carries the header {@value #HOP_HEADER} with {@code hopId}, and an endpoint that
 * receives calls refuses one carrying its own hub's id: a call from the hub to itself is a loop.
 *
 * @param allowNetworks the ranges opened by the setting {@code outbound.allowNetworks}; empty by
 *     default
 * @param hopId this hub's id in the {@value #HOP_HEADER} header: random, new at each start
 * @param httpPort the port of the hub's own HTTP server, or -1 when not known
 */
public record OutboundSettings(List<Cidr> allowNetworks, String hopId, int httpPort) {
  /** The header every outbound call carries, holding the calling hub's {@link #hopId()}. */
  public static final String HOP_HEADER = "X-Hub-Hop";

  /** Copies the list. */
  public OutboundSettings {
    allowNetworks = List.copyOf(allowNetworks);
    if (hopId == null || hopId.isEmpty()) {
      throw new IllegalArgumentException("hopId must not be empty");
    }
  }

  /** Nothing opened, a fresh hop id, no port known: the defaults. */
  public static OutboundSettings defaults() {
    return new OutboundSettings(List.of(), newHopId(), -1);
  }

  /** A fresh random hop id. */
  public static String newHopId() {
    return UUID.randomUUID().toString();
  }

  /** These settings with the hub's HTTP port set. */
  public OutboundSettings withHttpPort(int port) {
    return new OutboundSettings(allowNetworks, hopId, port);
  }
}
