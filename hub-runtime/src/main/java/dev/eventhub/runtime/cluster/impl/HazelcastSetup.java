package dev.eventhub.runtime.cluster.impl;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.eventhub.runtime.cluster.ClusterSettings;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Hazelcast as the hub uses it: Vert.x's own map settings (subscriptions, node info), TCP/IP join with
 * the configured members only (no multicast, so nothing joins by accident), bound to the configured
 * address, and failure detection in seconds rather than Hazelcast's default minute.
 */
public final class HazelcastSetup {
  private HazelcastSetup() {}

  public static HazelcastClusterManager clusterManager(ClusterSettings settings) {
    return new HazelcastClusterManager(config(settings));
  }

  static Config config(ClusterSettings settings) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(settings.name());
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    // The hub stops Hazelcast itself, after its own graceful shutdown.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    long timeoutSeconds = Math.max(2, settings.memberTimeout().toSeconds());
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", Long.toString(timeoutSeconds));
    config.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
    config.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
    // Members on one machine (tests, docs/cluster.md) find each other at once instead of after 5 s.
    config.setProperty("hazelcast.wait.seconds.before.join", "0");
    // Vert.x's own maps (event-bus subscriptions, node info): copies on this many other members. The
    // hub's log and plugin documents are not in Hazelcast: every member holds all of them.
    config.getMultiMapConfig("__vertx.subs").setBackupCount(settings.backups());
    config.getMapConfig("__vertx.haInfo").setBackupCount(settings.backups());
    config.getMapConfig("__vertx.nodeInfo").setBackupCount(settings.backups());
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(settings.port()).setPortAutoIncrement(false);
    network.setPublicAddress(settings.host() + ":" + settings.port());
    if (settings.host().matches("[0-9.]+")) {
      // Bind that address only (Hazelcast binds every interface otherwise); interfaces take IPs, not names.
      network.getInterfaces().setEnabled(true).addInterface(settings.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(settings.members()).setConnectionTimeoutSeconds(2);
    return config;
  }
}
