package dev.eventhub.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real hub (with the WebSocket sink) that is restarted under it. */
class HubClientTest {
  @TempDir Path dir;
  Vertx vertx;
  int port;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    // A fixed port: the client must find the restarted hub where it left it.
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
  }

  @AfterEach
  void stop() {
    TestHub.await(vertx.close());
  }

  private TestHub hub() {
    HubConfig config = TestHub.config(dir).with("http.port", port);
    return TestHub.start(config);
  }

  private HubClient client(String token) {
    return HubClient.create(vertx, new HubClientOptions().setUrl("http://127.0.0.1:" + port).setToken(token)
        .setInitialBackoff(Duration.ofMillis(20)).setMaxBackoff(Duration.ofMillis(200)));
  }

  @Test
  void shouldResumeAcrossAHubRestartWithNoGapAndNoDuplicate() {
    List<HubEvent> received = new CopyOnWriteArrayList<>();
    List<String> published = new ArrayList<>();
    TestHub hub = hub();
    HubClient client = client(hub.token("subscribe:orders", "publish:orders"));
    Promise<Void> all = Promise.promise();
    AtomicInteger expected = new AtomicInteger(Integer.MAX_VALUE);
    TestHub.await(client.subscribe(new SubscribeOptions().addCategory("orders"), e -> {
      received.add(e);
      if (received.size() >= expected.get()) {
        all.tryComplete();
      }
    }));

    published.addAll(publish(hub, 0, 150));
    hub.close();
    // Published while the client is cut off: it must get these on its own, from its last cursor.
    TestHub restarted = hub();
    expected.set(400);
    published.addAll(publish(restarted, 150, 150));
    published.addAll(publish(restarted, 300, 100));
    if (received.size() >= 400) {
      all.tryComplete();
    }
    TestHub.await(all.future());

    assertThat(received).extracting(HubEvent::id).containsExactlyElementsOf(published);
    TestHub.await(client.close());
    restarted.close();
  }

  @Test
  void shouldMoveToTheNextNodeWhenItsNodeIsUnreachableAndResumeThere() throws IOException {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    try (TestHub hub = hub()) {
      // The first node is down: the client goes on to the second, and publishes there.
      HubClient client = HubClient.create(vertx, new HubClientOptions()
          .setUrls(List.of("http://127.0.0.1:" + deadPort, "http://127.0.0.1:" + port))
          .setToken(hub.token("subscribe:orders", "publish:orders"))
          .setInitialBackoff(Duration.ofMillis(20)).setMaxBackoff(Duration.ofMillis(200)));
      Promise<HubEvent> first = Promise.promise();
      TestHub.await(client.subscribe(new SubscribeOptions().addCategory("orders"), first::tryComplete));
      JsonObject published = TestHub.await(client.publish(EventDraft.of("orders", "created", null, new JsonObject())));
      assertThat(TestHub.await(first.future()).id()).isEqualTo(published.getString("id"));
      TestHub.await(client.close());
    }
    assertThatThrownBy(() -> new HubClientOptions().setUrls(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldPublishOverHttpAndMapTheHubsErrors() {
    try (TestHub hub = hub()) {
      HubClient client = client(hub.token("publish:orders", "subscribe:orders"));
      JsonObject one = TestHub.await(client.publish(EventDraft.of("orders", "placed", "o1", new JsonObject())));
      assertThat(one.getString("cursor")).hasSize(16);
      List<JsonObject> many = TestHub.await(client.publishAll(List.of(
          EventDraft.of("orders", "placed", "o2", null), EventDraft.of("orders", "paid", "o2", null))));
      assertThat(many).hasSize(2);
      assertThat(many.get(1).getString("cursor")).isGreaterThan(many.get(0).getString("cursor"));

      assertThatThrownBy(() -> TestHub.await(client.publish(EventDraft.of("billing", "x", null, null))))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
      assertThatThrownBy(() -> TestHub.await(client.publish(EventDraft.of("Bad Name", "x", null, null))))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
      TestHub.await(client.close());
    }
  }

  @Test
  void shouldPublishOverTheWebSocketOnceDurableAndMapTheHubsErrors() {
    try (TestHub hub = hub()) {
      HubClient reader = client(hub.token("subscribe:orders"));
      List<HubEvent> received = new CopyOnWriteArrayList<>();
      Promise<Void> three = Promise.promise();
      TestHub.await(reader.subscribe(new SubscribeOptions().addCategory("orders"), e -> {
        received.add(e);
        if (received.size() == 3) {
          three.tryComplete();
        }
      }));
      HubClient client = client(hub.token("publish:orders"));
      List<JsonObject> one = TestHub.await(client.publishOverWebSocket(List.of(
          EventDraft.of("orders", "placed", "o1", new JsonObject().put("n", 1)).withId("ws-1"))));
      assertThat(client.connected()).isTrue();
      assertThat(one).hasSize(1);
      assertThat(one.get(0).getString("id")).isEqualTo("ws-1");
      // Many under way at once on the one connection, each answered.
      List<Future<List<JsonObject>>> many = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        many.add(client.publishOverWebSocket(List.of(EventDraft.of("orders", "paid", "o" + i, null))));
      }
      TestHub.await(Future.all(many));
      TestHub.await(three.future());
      assertThat(received.get(0).cursor()).isEqualTo(one.get(0).getString("cursor"));
      assertThat(received.stream().map(HubEvent::cursor).toList()).containsExactlyInAnyOrder(
          one.get(0).getString("cursor"), many.get(0).result().get(0).getString("cursor"),
          many.get(1).result().get(0).getString("cursor"));

      // Idempotent: the same id again is the first record.
      List<JsonObject> again = TestHub.await(client.publishOverWebSocket(List.of(
          EventDraft.of("orders", "placed", "o1", new JsonObject().put("n", 1)).withId("ws-1"))));
      assertThat(again.get(0).getString("cursor")).isEqualTo(one.get(0).getString("cursor"));
      JsonArray history = hub.get("/api/events?categories=orders", hub.adminToken()).bodyAsJsonObject()
          .getJsonArray("events");
      assertThat(history).hasSize(3);

      assertThatThrownBy(() -> TestHub.await(client.publishOverWebSocket(List.of(EventDraft.of("billing", "x", null, null)))))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN));
      assertThatThrownBy(() -> TestHub.await(client.publishOverWebSocket(List.of(EventDraft.of("Bad Name", "x", null, null)))))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
      TestHub.await(client.close());
      TestHub.await(reader.close());
    }
  }

  @Test
  void shouldFailASubscriptionTheTokenDoesNotAllow() {
    try (TestHub hub = hub()) {
      HubClient client = client(hub.token("subscribe:orders"));
      assertThatThrownBy(() -> TestHub.await(client.subscribe(new SubscribeOptions().addCategory("billing"), e -> { })))
          .isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(e.getMessage()).contains("billing");
          });
      TestHub.await(client.close());
    }
  }

  @Test
  void shouldReplayTheLastEventsThenGoLiveAndTakeBatchedFrames() {
    try (TestHub hub = hub()) {
      List<String> all = new ArrayList<>(publish(hub, 0, 20));
      HubClient client = HubClient.create(vertx, new HubClientOptions().setUrl("http://127.0.0.1:" + port)
          .setToken(hub.adminToken()).setBatch(true));
      List<String> received = new CopyOnWriteArrayList<>();
      Promise<Void> done = Promise.promise();
      AtomicInteger lastId = new AtomicInteger(-1);
      ClientSubscription sub = TestHub.await(client.subscribe(new SubscribeOptions().addCategory("orders").setLast(5), e -> {
        received.add(e.id());
        if (lastId.get() >= 0 && e.id().equals(all.get(lastId.get()))) {
          done.tryComplete();
        }
      }));
      all.addAll(publish(hub, 20, 10));
      lastId.set(all.size() - 1);
      if (received.contains(all.get(all.size() - 1))) {
        done.tryComplete();
      }
      TestHub.await(done.future());
      // The 5 newest when the replay ran (events published meanwhile may be among them), then every later
      // one live: a run of the log's tail, without a gap or a duplicate.
      assertThat(received.size()).isGreaterThanOrEqualTo(5);
      assertThat(received).containsExactlyElementsOf(all.subList(all.size() - received.size(), all.size()));
      assertThat(received).doesNotContain(all.get(14));
      assertThat(sub.lastCursor()).isNotNull();
      assertThat(sub.complete()).isTrue();
      TestHub.await(client.close());
    }
  }

  @Test
  void shouldReconnectWithAFreshTokenWhenItsTokenExpires() {
    try (TestHub hub = hub()) {
      AtomicInteger issued = new AtomicInteger();
      HubClient client = HubClient.create(vertx, new HubClientOptions().setUrl("http://127.0.0.1:" + port)
          .setInitialBackoff(Duration.ofMillis(20))
          .setTokenSupplier(() -> {
            issued.incrementAndGet();
            // Expires in 2 s: the hub closes the connection with 4001 and the client asks for a new one.
            return Future.succeededFuture(Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:* publish:*", 2)));
          }));
      List<String> received = new CopyOnWriteArrayList<>();
      Promise<Void> afterRenewal = Promise.promise();
      TestHub.await(client.subscribe(new SubscribeOptions().addCategory("orders"), e -> {
        received.add(e.id());
        if (issued.get() > 1) {
          afterRenewal.tryComplete();
        }
      }));
      // Publishes until an event arrives over a connection opened with a renewed token.
      long timer = vertx.setPeriodic(200, t -> hub.vertx().executeBlocking(() -> publish(hub, 0, 1)));
      TestHub.await(afterRenewal.future());
      vertx.cancelTimer(timer);
      assertThat(issued.get()).isGreaterThan(1);
      assertThat(received).doesNotHaveDuplicates();
      TestHub.await(client.close());
    }
  }

  @Test
  void shouldReceiveOnlyTheEventsWhoseAttributesMatch() {
    try (TestHub hub = hub()) {
      HubClient client = client(hub.token("subscribe:agents"));
      List<HubEvent> received = new CopyOnWriteArrayList<>();
      Promise<Void> last = Promise.promise();
      TestHub.await(client.subscribe(new SubscribeOptions().addCategory("agents")
          .addAttribute("agent_id", "a-7").addAttribute("task_id", "t-*"), e -> {
            received.add(e);
            if ("last".equals(e.data().getString("n"))) {
              last.tryComplete();
            }
          }));
      JsonArray batch = new JsonArray();
      String[][] pairs = {{"a-7", "t-1"}, {"a-8", "t-1"}, {"a-7", "x-1"}, {"a-7", null}, {null, null}, {"a-7", "t-2"}};
      for (String[] pair : pairs) {
        JsonObject attributes = new JsonObject();
        if (pair[0] != null) {
          attributes.put("agent_id", pair[0]);
        }
        if (pair[1] != null) {
          attributes.put("task_id", pair[1]);
        }
        batch.add(new JsonObject().put("category", "agents").put("event", "tool-called").put("attributes", attributes)
            .put("data", new JsonObject().put("n", pair == pairs[pairs.length - 1] ? "last" : pair[0] + "/" + pair[1])));
      }
      var r = hub.post("/api/events", hub.adminToken(), batch);
      assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
      TestHub.await(last.future());
      // One connection, in the log's order: the last event arrived, so every earlier match did.
      assertThat(received.stream().map(e -> e.data().getString("n")).toList()).containsExactly("a-7/t-1", "last");
      assertThat(received.get(1).attributes()).containsEntry("agent_id", "a-7").containsEntry("task_id", "t-2");

      assertThatThrownBy(() -> TestHub.await(client.subscribe(new SubscribeOptions().addCategory("agents")
          .addAttribute("Agent", "a-7"), e -> { })))
          .isInstanceOfSatisfying(HubException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(e.getMessage()).contains("attributes");
          });
      TestHub.await(client.close());
    }
  }

  @Test
  void shouldPublishAnEventsAttributesOverHttpAndOverTheWebSocket() {
    try (TestHub hub = hub()) {
      HubClient client = client(hub.token("subscribe:agents", "publish:agents"));
      List<HubEvent> received = new CopyOnWriteArrayList<>();
      Promise<Void> both = Promise.promise();
      TestHub.await(client.subscribe(new SubscribeOptions().addCategory("agents").addAttribute("agent_id", "a-7"), e -> {
        received.add(e);
        if (received.size() == 2) {
          both.tryComplete();
        }
      }));
      EventDraft draft = EventDraft.of("agents", "tool-called", "k", new JsonObject()).withAttribute("agent_id", "a-7")
          .withAttribute("task_id", "t-1");
      TestHub.await(client.publish(draft.withId("over-http")));
      TestHub.await(client.publishOverWebSocket(List.of(draft.withId("over-ws"))));
      TestHub.await(both.future());
      assertThat(received).extracting(HubEvent::id).containsExactly("over-http", "over-ws");
      assertThat(received).allSatisfy(e -> assertThat(e.attributes())
          .isEqualTo(java.util.Map.of("agent_id", "a-7", "task_id", "t-1")));
      TestHub.await(client.close());
    }
  }

  @Test
  void shouldResumeANamedConsumerAfterWhatItAcknowledgedAndMapAckErrors() {
    try (TestHub hub = hub()) {
      List<String> ids = publishAfterSubscribing(hub, "audit");
      HubClient first = client(hub.token("subscribe:orders"));
      List<HubEvent> received = new CopyOnWriteArrayList<>();
      Promise<Void> all = Promise.promise();
      SubscribeOptions options = new SubscribeOptions().addCategory("orders").setConsumer("audit", false);
      ClientSubscription sub = TestHub.await(first.subscribe(options, e -> {
        received.add(e);
        if (received.size() == ids.size()) {
          all.tryComplete();
        }
      }));
      TestHub.await(all.future());
      assertThat(received).extracting(HubEvent::id).containsExactlyElementsOf(ids);
      assertThat(TestHub.await(sub.ack(received.get(2).cursor()))).isEqualTo(received.get(2).cursor());
      assertThatThrownBy(() -> TestHub.await(sub.ack(received.get(0).cursor())))
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
      TestHub.await(first.close());

      // Another connection of the same subject resumes after the committed cursor: the unacknowledged ones.
      HubClient second = client(hub.token("subscribe:orders"));
      List<HubEvent> again = new CopyOnWriteArrayList<>();
      Promise<Void> rest = Promise.promise();
      TestHub.await(second.subscribe(new SubscribeOptions().addCategory("orders").setConsumer("audit", false), e -> {
        again.add(e);
        if (again.size() == ids.size() - 3) {
          rest.tryComplete();
        }
      }));
      TestHub.await(rest.future());
      assertThat(again).extracting(HubEvent::id).containsExactlyElementsOf(ids.subList(3, ids.size()));
      TestHub.await(second.close());
    }
  }

  // Creates the named consumer at the log's head (a subscription that leaves at once), then publishes five events.
  private List<String> publishAfterSubscribing(TestHub hub, String consumer) {
    HubClient creator = client(hub.token("subscribe:orders"));
    TestHub.await(creator.subscribe(new SubscribeOptions().addCategory("orders").setConsumer(consumer, false), e -> { }));
    TestHub.await(creator.close());
    return publish(hub, 0, 5);
  }

  @Test
  void shouldReportTheEventsADropOldestSubscriptionMissedAsGaps() throws InterruptedException {
    int events = 10_000;
    String padding = "x".repeat(2000);
    HubConfig config = TestHub.config(dir).with("http.port", port).with("plugins.websocket.maxQueuedBytes", 64 << 10)
        .with("plugins.websocket.heartbeatInterval", "10m");
    try (TestHub hub = TestHub.start(config)) {
      HubClient client = client(hub.token("subscribe:flood"));
      java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
      List<HubEvent> received = new CopyOnWriteArrayList<>();
      List<Gap> gaps = new CopyOnWriteArrayList<>();
      Promise<Void> last = Promise.promise();
      ClientSubscription sub = TestHub.await(client.subscribe(new SubscribeOptions().addCategory("flood")
          .setOverflow(Overflow.DROP_OLDEST).onGap(gaps::add), e -> {
            if (received.isEmpty()) {
              // A client that stops reading: its event loop is held until everything was published.
              awaitQuietly(stalled);
            }
            received.add(e);
            if (e.data().getInteger("i") == events - 1) {
              last.tryComplete();
            }
          }));
      for (int from = 0; from < events; from += 500) {
        JsonArray batch = new JsonArray();
        for (int i = from; i < from + 500; i++) {
          batch.add(new JsonObject().put("category", "flood").put("event", "e").put("key", "k" + (i % 20))
              .put("data", new JsonObject().put("i", i).put("pad", padding)));
        }
        assertThat(hub.post("/api/events", hub.adminToken(), batch).statusCode()).isEqualTo(201);
      }
      stalled.countDown();
      TestHub.await(last.future());

      assertThat(gaps).isNotEmpty();
      long dropped = gaps.stream().mapToLong(Gap::dropped).sum();
      assertThat(received.size() + dropped).isEqualTo(events);
      assertThat(gaps).allSatisfy(g -> assertThat(g.from().compareTo(g.to())).isLessThanOrEqualTo(0));
      assertThat(sub.complete()).isFalse();
      TestHub.await(client.close());
    }
  }

  private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
    try {
      latch.await(TestHub.TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static List<String> publish(TestHub hub, int from, int count) {
    JsonArray batch = new JsonArray();
    for (int i = from; i < from + count; i++) {
      batch.add(new JsonObject().put("category", "orders").put("event", "placed").put("key", "o" + i)
          .put("data", new JsonObject().put("i", i)));
    }
    var r = hub.post("/api/events", hub.adminToken(), batch);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    List<String> ids = new ArrayList<>();
    r.bodyAsJsonObject().getJsonArray("events").forEach(e -> ids.add(((JsonObject) e).getString("id")));
    return ids;
  }
}
