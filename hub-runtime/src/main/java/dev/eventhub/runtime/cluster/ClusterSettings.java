package dev.eventhub.runtime.cluster;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.config.HubConfig;
import java.time.Duration;
import java.util.List;

/**
 * The {@code cluster} section of {@code conf/hub.json} (see docs/cluster.md).
 *
 * @param name the cluster's name: members of other clusters on the same network are ignored
 * @param host the address this node binds and advertises for membership and the event bus
 * @param port the membership (Hazelcast) port
 * @param busPort the clustered event bus's port; 0 picks a free one
 * @param members {@code host[:port]} of the members to join, this one included or not (TCP/IP join, no
 *     multicast)
 * @param quorum members that must be present for writes: at least a majority of {@code members}
 * @param httpBase how other nodes reach this node's HTTP API; null derives it from {@code host} and the
 *     HTTP port
 * @param replicationTimeout how long the sequencer waits for a member to take a group of writes
 * @param failoverTimeout how long a write waits for a sequencer (after one was lost) before it fails
 * @param memberTimeout after how long without a heartbeat a member is declared gone
 * @param backups copies of Hazelcast's own data (Vert.x's event-bus subscriptions) on other members; the
 *     log and plugin documents are on every member regardless
 */
public record ClusterSettings(String name, String host, int port, int busPort, List<String> members, int quorum,
    String httpBase, Duration replicationTimeout, Duration failoverTimeout, Duration memberTimeout, int backups) {

  /** True when {@code cluster.enabled} is set. */
  public static boolean enabled(HubConfig config) {
    return config.bool("cluster.enabled");
  }

  /** Reads and checks the section; a wrong value is a {@link ConfigException} naming it. */
  public static ClusterSettings from(HubConfig config) {
    List<String> members = config.strings("cluster.members");
    if (members.isEmpty()) {
      throw new ConfigException("cluster.members: list the members to join (host:port), e.g. "
          + "[\"10.0.0.1:5701\", \"10.0.0.2:5701\", \"10.0.0.3:5701\"]");
    }
    int majority = members.size() / 2 + 1;
    int quorum = config.integer("cluster.quorum", 0, 1000);
    if (quorum == 0) {
      quorum = majority;
    } else if (quorum < majority) {
      throw new ConfigException("cluster.quorum: " + quorum + " is less than a majority of the "
          + members.size() + " members (" + majority + "): two sides of a network partition could both take writes");
    }
    String httpBase = config.value("cluster.httpBase") == null ? null : config.string("cluster.httpBase");
    boolean generatedSecret = config.bool("auth.enabled") && "HS256".equals(config.string("auth.jwt.algorithm"))
        && config.value("auth.jwt.secret") == null;
    if (generatedSecret) {
      throw new ConfigException("auth.jwt.secret: a cluster needs the same token secret on every node; set it "
          + "(or HUB_AUTH_JWT_SECRET) instead of letting each node generate its own");
    }
    return new ClusterSettings(config.string("cluster.name"), config.string("cluster.host"),
        config.integer("cluster.port", 1, 65535), config.integer("cluster.busPort", 0, 65535), members, quorum,
        httpBase, config.duration("cluster.replicationTimeout"), config.duration("cluster.failoverTimeout"),
        config.duration("cluster.memberTimeout"), config.integer("cluster.backups", 0, 6));
  }
}
