package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What C1, C2 and C3 stand on, without their load (a smoke of them through {@code Bench} takes minutes on two cores,
 * most of it brokers and hubs starting cold): a Kafka broker and two hubs from the distribution on it form a
 * cluster, a {@link Load} spreads subscribers and publishes over both, and every subscriber, on either hub, gets
 * every event; the broker's CPU is counted apart from the hubs'. Nothing here is timed.
 */
class HubClusterIT {
  // As ClusterIT starts its nodes: small and quick to start, since nothing is measured.
  private static final String JVM_FLAGS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  private static final int EVENTS = 10;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void shouldFormATwoNodeClusterOnKafkaAndDeliverEventsPublishedOnBothToSubscribersOnBoth() throws Exception {
    try (HubCluster cluster = HubCluster.start(Path.of(System.getProperty("hub.dist")), i -> JVM_FLAGS, 2, 1);
        Load load = new Load(vertx, cluster.nodes(), cluster.brokerPids(), 4)) {
      assertThat(cluster.nodes()).extracting(Server::name).containsExactly("node 1", "node 2");
      assertThat(cluster.brokerPids()).hasSize(1);
      CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
      List<Subscriber> subscribers = load.subscribeMany(4, 1, List.of("it"), false, null).await(30, TimeUnit.SECONDS);
      assertThat(subscribers).extracting(load::serverOf).extracting(Server::name)
          .containsExactlyInAnyOrder("node 1", "node 1", "node 2", "node 2");
      for (int i = 0; i < EVENTS; i++) {
        assertThat(load.post(Load.event("it"), 1).await(30, TimeUnit.SECONDS)).as(load.lastRefusal()).isEqualTo(201);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Load.minEvents(subscribers) < EVENTS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(subscribers).extracting(Subscriber::events).containsOnly((long) EVENTS);
      CpuMeter.Report report = cpu.stop();
      assertThat(report.perServer()).containsOnlyKeys("node 1", "node 2");
      assertThat(report.brokers()).as("the broker applied and served the events").isPositive();
      Load.closeAll(subscribers).await(10, TimeUnit.SECONDS);
    }
  }
}
