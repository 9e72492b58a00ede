package dev.eventhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: an event goes on the event bus only when someone in the process wants its category; it is in the
 * log all the same, for whoever comes later.
 */
class BusInterestTest {
  @TempDir Path dir;
  TestHub hub;
  final BlockingQueue<HubEvent> onBus = new LinkedBlockingQueue<>();
  MessageConsumer<HubEvent> consumer;

  @BeforeEach
  void start() {
    hub = TestHub.start(dir);
    // Listens without saying what it wants: it sees what others want, nothing more.
    consumer = hub.vertx().eventBus().consumer("hub.events", m -> onBus.add(m.body()));
    TestHub.await(consumer.completion());
  }

  @AfterEach
  void stop() {
    hub.close();
  }

  @Test
  void shouldPutOnlyWantedCategoriesOnTheBusAndRecordEveryOne() throws Exception {
    hub.publish("nobody-wants", "tick", "k", new JsonObject().put("n", 1));
    hub.hub().interest().want("wanted");
    hub.publish("wanted", "tick", "k", new JsonObject().put("n", 2));
    hub.publish("nobody-wants", "tick", "k", new JsonObject().put("n", 3));
    hub.publish("wanted", "tick", "k", new JsonObject().put("n", 4));

    // Delivered in log order: had the unwanted ones gone on the bus, they would come first.
    assertThat(take().data().getInteger("n")).isEqualTo(2);
    assertThat(take().data().getInteger("n")).isEqualTo(4);
    List<HubEvent> logged = TestHub.await(hub.hub().log().read(new EventQuery(EventFilter.all(), null, 10))).events();
    assertThat(logged).extracting(e -> e.data().getInteger("n")).containsExactly(1, 2, 3, 4);
  }

  @Test
  void shouldStopPuttingACategoryOnTheBusOnceNobodyWantsIt() throws Exception {
    hub.hub().interest().want("wanted");
    hub.hub().interest().want("later");
    hub.publish("wanted", "tick", "k", new JsonObject().put("n", 1));
    assertThat(take().data().getInteger("n")).isEqualTo(1);
    hub.hub().interest().unwant("wanted");
    hub.publish("wanted", "tick", "k", new JsonObject().put("n", 2));
    hub.publish("later", "tick", "k", new JsonObject().put("n", 3));
    assertThat(take().data().getInteger("n")).isEqualTo(3);
  }

  private HubEvent take() throws InterruptedException {
    HubEvent e = onBus.poll(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(e).as("an event on the bus within %ss", TestHub.TIMEOUT_SECONDS).isNotNull();
    return e;
  }
}
