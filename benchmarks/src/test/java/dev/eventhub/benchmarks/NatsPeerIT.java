package dev.eventhub.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** N1's NATS side against a real nats-server on loopback (skipped where none is installed). */
class NatsPeerIT {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void shouldDeliverEveryAcknowledgedPublishToEverySubscriberOverWebSocket() throws Exception {
    assumeTrue(NatsServer.available(NatsServer.DEFAULT_BINARY), "no nats-server on the PATH");
    try (NatsServer nats = NatsServer.start(NatsServer.DEFAULT_BINARY)) {
      WebSocketClient client = Load.webSocketClient(vertx, false);
      List<NatsSubscriber> subscribers = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        subscribers.add(client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(nats.wsPort())
            .setURI("/")).compose(ws -> NatsSubscriber.subscribe(ws, "bench")).await(30, TimeUnit.SECONDS));
      }
      try (NatsPublisher publisher = NatsPublisher.connect(vertx, nats.wsPort())) {
        for (int i = 0; i < 5; i++) {
          assertThat(publisher.publish("bench", 10).await(30, TimeUnit.SECONDS)).isTrue();
          assertThat(publisher.publish("other", 1).await(30, TimeUnit.SECONDS)).isTrue();
        }
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (subscribers.stream().anyMatch(s -> s.events() < 50) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      for (NatsSubscriber s : subscribers) {
        assertThat(s.events()).isEqualTo(50);
        assertThat(s.failure()).isNull();
        assertThat(s.bytes() / s.events()).as("bytes per delivery").isBetween(280L, 400L);
      }
      client.close().await();
    }
  }
}
