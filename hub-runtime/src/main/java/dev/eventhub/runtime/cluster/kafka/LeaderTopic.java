package dev.eventhub.runtime.cluster.kafka;

import dev.eventhub.runtime.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The election's topic, {@code <topic>.leader}: one partition (one member holds it: the candidate),
 * replicated as the log topic is. Created when missing; a topic of that name with another partition
 * count would elect several leaders, so the node refuses to start.
 */
final class LeaderTopic {
  private static final Logger LOG = Logger.getLogger(LeaderTopic.class.getName());
  private static final long TIMEOUT_SECONDS = 30;

  private LeaderTopic() {
  }

  /** Blocking: run off the event loop. */
  static void ensure(LeadershipSettings settings) throws InterruptedException {
    String name = settings.leaderTopic();
    try (Admin admin = Admin.create(settings.client())) {
      TopicDescription found = describe(admin, name);
      if (found == null) {
        int brokers = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic topic = new NewTopic(name, 1, replication)
            .configs(Map.of("min.insync.replicas", replication >= 3 ? "2" : "1"));
        try {
          admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          LOG.info("cluster: created the election topic " + name + " (replication " + replication + ")");
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
        found = describe(admin, name);
      }
      if (found != null && found.partitions().size() != 1) {
        throw new ConfigException("the election topic " + name + " has " + found.partitions().size()
            + " partitions; it must have exactly one (delete it and the hub creates it)");
      }
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new IllegalStateException("cluster: cannot prepare the election topic " + name + ": " + cause.getMessage(),
          cause);
    }
  }

  private static TopicDescription describe(Admin admin, String name)
      throws InterruptedException, ExecutionException, TimeoutException {
    try {
      return admin.describeTopics(List.of(name)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(name);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        return null;
      }
      throw e;
    }
  }
}
