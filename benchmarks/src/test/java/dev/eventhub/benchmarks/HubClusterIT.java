package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What C1 and C2 stand on, without their load (a smoke of C1 and C2 through {@code Bench} takes about a
 * minute on two cores, most of it three hubs starting cold): two members start from the distribution
 * and form a cluster, a {@link Load} spreads subscribers and publishes over both, and every subscriber,
 * on either member, gets every event. Nothing here is timed.
 */
class HubClusterIT {
  // As ClusterIT starts its members: small and quick to start, since nothing is measured.
  private static final String JVM_FLAGS = "-Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1";
  private static final int EVENTS = 10;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void closeVertx() {
    vertx.close().await();
  }

  @Test
  void shouldFormATwoMemberClusterAndDeliverEventsPublishedOnBothToSubscribersOnBoth() throws Exception {
    try (HubCluster cluster = HubCluster.start(Path.of(System.getProperty("hub.dist")), i -> JVM_FLAGS, 2);
        Load load = new Load(vertx, cluster.nodes(), 4)) {
      assertThat(cluster.nodes()).extracting(Server::name).containsExactly("sequencer", "follower");
      CpuMeter cpu = CpuMeter.start(cluster.nodes());
      List<Subscriber> subscribers = load.subscribeMany(4, 1, List.of("it"), false, null).await(30, TimeUnit.SECONDS);
      for (int i = 0; i < EVENTS; i++) {
        assertThat(load.post(Load.event("it"), 1).await(30, TimeUnit.SECONDS)).as(load.lastRefusal()).isEqualTo(201);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (Load.minEvents(subscribers) < EVENTS && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(subscribers).extracting(Subscriber::events).containsOnly((long) EVENTS);
      assertThat(cpu.stop().perServer()).containsOnlyKeys("sequencer", "follower");
      Load.closeAll(subscribers).await(10, TimeUnit.SECONDS);
    }
  }
}
