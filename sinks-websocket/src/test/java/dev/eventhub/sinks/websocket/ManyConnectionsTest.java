package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManyConnectionsTest {
  private static final int CONNECTIONS = 1000;

  @TempDir Path dir;

  @Test
  void shouldHoldAThousandConcurrentConnectionsAndDeliverToEachOfThem() {
    try (Fixture fixture = Fixture.start(dir)) {
      WebSocketConnectOptions options = WsClient.options(fixture.hub, fixture.hub.token("subscribe:*"));
      List<Future<WsClient>> connecting = new ArrayList<>();
      for (int i = 0; i < CONNECTIONS; i++) {
        connecting.add(WsClient.connect(fixture.client, options));
      }
      List<WsClient> clients = TestHub.await(Future.all(connecting)).list();

      Counter subscribed = new Counter();
      Counter received = new Counter();
      Set<String> wrong = ConcurrentHashMap.newKeySet();
      Promise<String> eventId = Promise.promise();
      for (WsClient c : clients) {
        c.listen(frame -> {
          switch (frame.getString("type")) {
            case "subscribed" -> subscribed.add();
            case "event" -> eventId.future().onSuccess(id -> {
              if (!id.equals(frame.getString("id"))) {
                wrong.add(frame.encode());
              }
              received.add();
            });
            default -> wrong.add(frame.encode());
          }
        });
        c.ws.writeTextMessage(new JsonObject().put("type", "subscribe")
            .put("categories", new JsonArray().add("crowd")).encode());
      }
      TestHub.await(subscribed.done.future());
      JsonObject stats = fixture.stats();
      assertThat(stats.getLong("connectionsOpen")).isEqualTo(CONNECTIONS);
      assertThat(stats.getLong("subscriptionsActive")).isEqualTo(CONNECTIONS);

      HubEvent event = fixture.publish("crowd", "hello", "all");
      eventId.complete(event.id());
      TestHub.await(received.done.future());
      assertThat(wrong).isEmpty();

      TestHub.await(Future.all(clients.stream().map(c -> c.ws.close()).toList()));
    }
  }

  /** Completes {@code done} when {@link #add()} has been called once per connection. */
  private static final class Counter {
    final AtomicInteger count = new AtomicInteger();
    final Promise<Void> done = Promise.promise();

    void add() {
      if (count.incrementAndGet() == CONNECTIONS) {
        done.complete();
      }
    }
  }
}
