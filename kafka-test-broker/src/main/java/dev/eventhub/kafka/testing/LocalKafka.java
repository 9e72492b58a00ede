package dev.eventhub.kafka.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code ./run-kafka}: Kafka brokers on this machine for trying a hub cluster without Docker (docs/cluster.md).
 * Starts {@code n} nodes (default 3) as {@link KafkaTestCluster} does, prints the bootstrap servers, and runs until
 * Ctrl-C, which stops them. Throwaway brokers: their data lives in a new temporary directory (or the one given),
 * and a later start formats a new cluster, so the hubs' {@code data/} must be emptied too.
 */
public final class LocalKafka {
  // Held: java.util.logging keeps loggers weakly, and a collected one would forget its level.
  private static final Logger KAFKA_CLIENTS = Logger.getLogger("org.apache.kafka");

  private LocalKafka() {}

  public static void main(String[] args) throws Exception {
    // The admin client that waits for the brokers logs its whole configuration at INFO.
    KAFKA_CLIENTS.setLevel(Level.WARNING);
    int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    if (nodes != 1 && nodes != 3) {
      throw new IllegalArgumentException("run-kafka: 1 or 3 brokers, not " + nodes);
    }
    Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1])) : Files.createTempDirectory("hub-kafka-");
    KafkaTestCluster cluster = KafkaTestCluster.start(nodes, dir);
    System.out.println("run-kafka: " + nodes + " broker(s) in " + dir + "; stop with Ctrl-C. For the hubs:");
    System.out.println("export HUB_CLUSTER_KAFKA_BOOTSTRAP_SERVERS=" + cluster.bootstrapServers());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      cluster.close();
      stopped.countDown();
    }, "run-kafka-stop"));
    stopped.await();
  }
}
