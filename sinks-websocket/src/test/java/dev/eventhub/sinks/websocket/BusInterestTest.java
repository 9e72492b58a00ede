package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the sink tells the hub which categories its subscriptions want; the hub puts the others' events in
 * the log only, and a subscriber that comes later reads them there, then gets the new ones live.
 */
class BusInterestTest {
  @TempDir static Path dir;
  static Fixture fixture;
  static final BlockingQueue<HubEvent> onBus = new LinkedBlockingQueue<>();
  static MessageConsumer<HubEvent> spy;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir);
    // Listens without wanting anything: sees what the sink's subscriptions want, nothing more.
    spy = fixture.hub.vertx().eventBus().consumer("hub.events", m -> onBus.add(m.body()));
    TestHub.await(spy.completion());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldReplayACategoryNobodyListenedToThenDeliverItLive() throws Exception {
    List<HubEvent> before = fixture.publish("bi-late", "tick", 3);
    try (WsClient c = fixture.connect()) {
      c.subscribe(ReplayTest.subscribe("bi-late").put("id", "s1").put("since", before.get(0).cursor()));
      assertThat(FilteringTest.ids(c.events(2))).containsExactly(before.get(1).id(), before.get(2).id());
      c.next("replay_complete");
      HubEvent live = fixture.publish("bi-late", "tick", "k");
      assertThat(c.next("event").getString("id")).isEqualTo(live.id());
    }
    // Only what the subscription wanted went on the bus: the live event, not the three before it.
    assertThat(onBus.poll(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS).cursor()).isGreaterThan(before.get(2).cursor());
  }

  @Test
  void shouldPutOnTheBusOnlyTheCategoriesOfLiveSubscriptions() throws Exception {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("id", "s2").put("categories", new io.vertx.core.json.JsonArray().add("bi-on")));
      onBus.clear();
      fixture.publish("bi-off", "tick", "k");
      HubEvent on = fixture.publish("bi-on", "tick", "k");
      assertThat(c.next("event").getString("id")).isEqualTo(on.id());
      assertThat(onBus.poll(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS).id()).isEqualTo(on.id());
    }
  }
}
