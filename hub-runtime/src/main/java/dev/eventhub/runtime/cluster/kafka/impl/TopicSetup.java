package dev.eventhub.runtime.cluster.kafka.impl;

import dev.eventhub.runtime.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or creates a topic of one partition (total order) and says what it found. Blocks: runs on a worker.
 */
public final class TopicSetup {
  private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
  private static final List<String> SHOWN = List.of("min.insync.replicas", "message.timestamp.type", "retention.ms",
      "retention.bytes", "cleanup.policy");

  /** What the hub found: the topic's id, its offsets and the brokers. */
  public record TopicInfo(String topic, Uuid topicId, long earliestOffset, long endOffset, List<String> brokers) {
    /** The first half of every cursor of this topic: its id's two halves XORed. */
    public long incarnation() {
      return topicId.getMostSignificantBits() ^ topicId.getLeastSignificantBits();
    }
  }

  private TopicSetup() {}

  /**
   * The log topic: created when missing with replication min(3, brokers), {@code min.insync.replicas} 2 with
   * three brokers or more, LogAppendTime, no retention; a topic of more than one partition is refused.
   */
  public static TopicInfo logTopic(Admin admin, String topic) throws InterruptedException {
    try {
      List<String> brokers = brokers(admin);
      TopicDescription description = describeOrCreate(admin, topic, brokers.size(), true);
      TopicPartition partition = new TopicPartition(topic, 0);
      long earliest = admin.listOffsets(Map.of(partition, OffsetSpec.earliest())).partitionResult(partition).get()
          .offset();
      // The last stable offset: what a read_committed node can reach (an open transaction's records cannot be).
      long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest()),
          new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).partitionResult(partition).get().offset();
      LOG.info("cluster: log topic " + topic + " (topic id " + description.topicId() + "): replicas "
          + description.partitions().get(0).replicas().size() + ", " + shownConfig(admin, topic) + ", offsets "
          + earliest + " to " + end + "; brokers " + brokers);
      return new TopicInfo(topic, description.topicId(), earliest, end, brokers);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cluster: cannot set up the log topic " + topic + " on "
          + "cluster.kafka.bootstrapServers: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** A one-partition topic other than the log (the leader election's), created when missing. */
  public static void ensure(Admin admin, String topic) throws InterruptedException {
    try {
      describeOrCreate(admin, topic, brokers(admin).size(), false);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cluster: cannot set up topic " + topic + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private static List<String> brokers(Admin admin) throws ExecutionException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (Node n : admin.describeCluster().nodes().get()) {
      out.add(n.host() + ":" + n.port());
    }
    return out;
  }

  private static TopicDescription describeOrCreate(Admin admin, String topic, int brokers, boolean log)
      throws ExecutionException, InterruptedException {
    TopicDescription found = describe(admin, topic);
    if (found == null) {
      short replication = (short) Math.max(1, Math.min(3, brokers));
      NewTopic newTopic = new NewTopic(topic, 1, replication).configs(Map.of(
          "min.insync.replicas", brokers >= 3 ? "2" : "1", "message.timestamp.type", "LogAppendTime",
          "retention.ms", log ? "-1" : "604800000", "retention.bytes", "-1", "cleanup.policy", "delete"));
      try {
        admin.createTopics(List.of(newTopic)).all().get();
        LOG.info("cluster: created topic " + topic + " (1 partition, " + replication + " replicas)");
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        // Another node created it at the same moment.
      }
      found = describeOnceKnown(admin, topic);
    }
    if (found.partitions().size() != 1) {
      throw new ConfigException("cluster.kafka.topic: topic " + topic + " has " + found.partitions().size()
          + " partitions; the hub's log needs exactly one (one partition is one total order). Use another topic "
          + "name, or delete that topic if it holds nothing of value");
    }
    return found;
  }

  // A topic just created (here, or by a node starting at the same moment) reaches every broker's metadata a
  // moment later: until then it is described as unknown. Runs on the start's worker thread.
  private static TopicDescription describeOnceKnown(Admin admin, String topic)
      throws ExecutionException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long backoff = 50;
    TopicDescription found = describe(admin, topic);
    while (found == null && System.nanoTime() < deadline) {
      Thread.sleep(backoff);
      backoff = Math.min(1_000, backoff * 2);
      found = describe(admin, topic);
    }
    if (found == null) {
      throw new IllegalStateException("cluster: topic " + topic + " was created but the brokers did not describe it "
          + "within 30 s");
    }
    return found;
  }

  private static TopicDescription describe(Admin admin, String topic) throws ExecutionException, InterruptedException {
    try {
      return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw e;
    }
  }

  private static String shownConfig(Admin admin, String topic) {
    try {
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
      Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
      StringBuilder out = new StringBuilder();
      for (String name : SHOWN) {
        ConfigEntry entry = config.get(name);
        out.append(out.length() == 0 ? "" : ", ").append(name).append('=').append(entry == null ? "?" : entry.value());
      }
      if (config.get("message.timestamp.type") != null
          && !"LogAppendTime".equals(config.get("message.timestamp.type").value())) {
        LOG.warn("cluster: topic " + topic + " has message.timestamp.type="
            + config.get("message.timestamp.type").value() + "; the hub expects LogAppendTime (event timestamps and "
            + "the dedup window then follow the producers' clocks)");
      }
      return out.toString();
    } catch (ExecutionException | InterruptedException | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return "configuration not readable (" + e.getMessage() + ")";
    }
  }
}
