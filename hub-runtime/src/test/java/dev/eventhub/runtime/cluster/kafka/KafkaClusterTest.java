package dev.eventhub.runtime.cluster.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginStorage;
import dev.eventhub.api.spi.StoredDocument;
import dev.eventhub.runtime.plugin.impl.PluginContextImpl;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hubs of one cluster on a real broker: one log, one order, one cursor everywhere. */
class KafkaClusterTest {
  static final long WAIT = 60;

  @TempDir Path dir;
  KafkaNodes nodes;

  @BeforeEach
  void cluster() {
    nodes = new KafkaNodes(dir);
  }

  @AfterEach
  void stop() {
    nodes.close();
  }

  static JsonObject publish(TestHub hub, JsonObject body, int status) {
    HttpResponse<Buffer> r = hub.post("/api/events", hub.adminToken(), body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  static JsonObject event(String category, int n) {
    return new JsonObject().put("category", category).put("event", "created").put("data", new JsonObject().put("n", n));
  }

  static EventPage read(TestHub hub, String since) {
    return TestHub.await(hub.hub().log().read(new EventQuery(EventFilter.all(), since, 1000)));
  }

  static BlockingQueue<HubEvent> subscribe(TestHub hub) {
    BlockingQueue<HubEvent> received = new LinkedBlockingQueue<>();
    hub.hub().interest().want("*");
    TestHub.await(hub.vertx().eventBus().<HubEvent>consumer(PluginContextImpl.ALL_EVENTS, m -> received.add(m.body()))
        .completion());
    return received;
  }

  static List<String> take(BlockingQueue<HubEvent> queue, int count) throws InterruptedException {
    List<String> out = new ArrayList<>();
    while (out.size() < count) {
      HubEvent e = queue.poll(WAIT, TimeUnit.SECONDS);
      assertThat(e).as("event " + (out.size() + 1) + " of " + count).isNotNull();
      out.add(e.id() + "@" + e.cursor());
    }
    return out;
  }

  @Test
  void shouldShowAnEventPublishedOnOneNodeOnTheOtherUnderTheSameCursorAndTimestamp() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    JsonObject created = publish(a, event("orders", 1), 201);
    String cursor = created.getString("cursor");
    assertThat(cursor).matches("[0-9a-f]{32}");

    // Resuming on b after that cursor: b waits until it applied it, then answers (nothing after it yet).
    EventPage after = read(b, cursor);
    assertThat(after.events()).isEmpty();
    assertThat(after.complete()).as("a cursor of this topic is not unknown").isTrue();
    HubEvent onA = read(a, null).events().get(0);
    HubEvent onB = read(b, null).events().get(0);
    assertThat(onB.cursor()).isEqualTo(cursor).isEqualTo(onA.cursor());
    assertThat(onB.id()).isEqualTo(created.getString("id"));
    assertThat(onB.timestamp()).isEqualTo(onA.timestamp());
  }

  // Issue 18 (C2): the applier's fetch waits at the broker when there is nothing new (fetch.max.wait.ms), and the broker
  // answers it as soon as a record, or a batch's commit marker, becomes readable. With a wait far longer than the
  // publish timeout, a publish answered 201 (the publishing node applied it) and seen on the other node shows that no
  // apply waited for it.
  @Test
  void shouldApplyWithoutWaitingForTheFetchWait() throws Exception {
    // Every client gets these: the request timeouts above the wait, so that no fetch is cut short and sent again.
    JsonObject longWait = new JsonObject().put("fetch.max.wait.ms", "120000").put("request.timeout.ms", "150000")
        .put("default.api.timeout.ms", "150000").put("delivery.timeout.ms", "160000");
    TestHub a = nodes.start(nodes.config("a").with("cluster.kafka.properties", longWait));
    TestHub b = nodes.start(nodes.config("b").with("cluster.kafka.properties", longWait));
    BlockingQueue<HubEvent> onB = subscribe(b);
    JsonObject single = publish(a, event("orders", 1), 201);
    HttpResponse<Buffer> batch = a.post("/api/events", a.adminToken(),
        new JsonArray().add(event("orders", 2)).add(event("orders", 3)));
    assertThat(batch.statusCode()).as(batch.bodyAsString()).isEqualTo(201);
    List<String> seen = take(onB, 3);
    assertThat(seen.get(0)).isEqualTo(single.getString("id") + "@" + single.getString("cursor"));
  }

  @Test
  void shouldDeliverInOneOrderOnEveryNodeAndResumeOnAnotherNodeWithoutGapOrDuplicate() throws Exception {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    BlockingQueue<HubEvent> onA = subscribe(a);
    BlockingQueue<HubEvent> onB = subscribe(b);
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int n = 0; n < 20; n++) {
      TestHub via = n % 2 == 0 ? a : b;
      sent.add(via.client().post("/api/events").bearerTokenAuthentication(via.adminToken())
          .sendJsonObject(event("orders", n)));
    }
    for (Future<HttpResponse<Buffer>> f : sent) {
      assertThat(TestHub.await(f).statusCode()).isEqualTo(201);
    }
    List<String> seenA = take(onA, 20);
    List<String> seenB = take(onB, 20);
    assertThat(seenB).containsExactlyElementsOf(seenA);

    String tenth = seenA.get(9).substring(seenA.get(9).indexOf('@') + 1);
    List<String> resumed = new ArrayList<>();
    read(b, tenth).events().forEach(e -> resumed.add(e.id() + "@" + e.cursor()));
    assertThat(resumed).containsExactlyElementsOf(seenA.subList(10, 20));
  }

  @Test
  void shouldHoldAReadOnANodeThatIsBehindUntilItCatchesUp() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    KafkaNodes.log(b).applier().suspend();
    String first = publish(a, event("orders", 1), 201).getString("cursor");
    String second = publish(a, event("orders", 2), 201).getString("cursor");

    // b has applied neither: a read after the second waits instead of calling its cursor unknown.
    Future<EventPage> held = b.hub().log().read(new EventQuery(EventFilter.all(), second, 100));
    KafkaNodes.log(b).applier().resume();
    EventPage page = TestHub.await(held);
    assertThat(page.complete()).as("held until applied, not answered as an unknown cursor").isTrue();
    assertThat(page.events()).isEmpty();
    assertThat(read(b, first).events()).extracting(e -> e.data().getInteger("n")).containsExactly(2);
  }

  @Test
  void shouldRecordAnIdOnceWhenPublishedOnTwoNodesAndAnswerTheOriginal() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    JsonObject first = publish(a, event("orders", 1).put("id", "order-1"), 201);
    JsonObject again = publish(b, event("orders", 2).put("id", "order-1"), 200);
    assertThat(again.getString("cursor")).isEqualTo(first.getString("cursor"));
    assertThat(again.getString("id")).isEqualTo("order-1");
    JsonObject other = publish(b, event("payments", 3).put("id", "order-1"), 201);
    assertThat(other.getString("cursor")).as("another category: another event").isNotEqualTo(first.getString("cursor"));
    read(a, other.getString("cursor"));
    assertThat(read(a, null).events()).extracting(HubEvent::id).containsExactly("order-1", "order-1");
    assertThat(read(a, null).events().get(0).data().getInteger("n")).isEqualTo(1);
  }

  @Test
  void shouldRecordABatchAtomicallyAndInOrderOnEveryNode() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    JsonArray batch = new JsonArray().add(event("orders", 1)).add(event("orders", 2).put("id", "x"))
        .add(event("payments", 3));
    HttpResponse<Buffer> r = a.post("/api/events", a.adminToken(), batch);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(201);
    JsonObject answer = r.bodyAsJsonObject();
    List<String> cursors = answer.getJsonArray("events").stream().map(o -> ((JsonObject) o).getString("cursor")).toList();
    assertThat(cursors).hasSize(3).isSorted();
    read(b, cursors.get(2));
    assertThat(read(b, null).events()).extracting(HubEvent::cursor).containsExactlyElementsOf(cursors);
  }

  @Test
  void shouldRefuseAStaleReplaceOnEveryNode() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start("b");
    PluginStorage onA = a.hub().log().storage("plugin");
    PluginStorage onB = b.hub().log().storage("plugin");
    StoredDocument inserted = TestHub.await(onA.insert("things", "k", new JsonObject().put("v", 1)));
    assertThat(inserted.version()).isEqualTo(1);
    assertThat(TestHub.await(onA.replace("things", "k", 1, new JsonObject().put("v", 2))).version()).isEqualTo(2);
    Throwable stale = TestHub.await(onB.replace("things", "k", 1, new JsonObject().put("v", "stale"))
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(stale).isInstanceOf(HubException.class);
    assertThat(((HubException) stale).code()).isEqualTo(ErrorCode.CONFLICT);
    Throwable again = TestHub.await(onB.insert("things", "k", new JsonObject())
        .transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(((HubException) again).code()).isEqualTo(ErrorCode.CONFLICT);
    for (PluginStorage s : List.of(onA, onB)) {
      StoredDocument doc = TestHub.await(s.get("things", "k"));
      assertThat(doc.version()).isEqualTo(2);
      assertThat(doc.value().getInteger("v")).isEqualTo(2);
    }
    assertThat(TestHub.await(onB.delete("things", "k"))).isTrue();
    assertThat(TestHub.await(onB.get("things", "k"))).as("read-your-writes on the writing node").isNull();
    // Another node reads its own copy: it sees the delete once it applied it.
    Eventually.await(a.vertx(), () -> onA.get("things", "k").map(d -> d == null));
  }

  @Test
  void shouldWriteThroughAnotherSenderAndAnswerWithWhatThisNodeApplied() throws Exception {
    TestHub a = nodes.start("a");
    java.util.Properties p = new java.util.Properties();
    p.put("bootstrap.servers", nodes.broker.bootstrapServers());
    p.put("key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName());
    p.put("value.serializer", org.apache.kafka.common.serialization.ByteArraySerializer.class.getName());
    java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
    try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(p)) {
      // What the leader's fenced sender does, minus the fencing: send, complete on the broker's ack.
      RecordSender other = records -> a.vertx().executeBlocking(() -> {
        for (var r : records) {
          producer.send(r).get();
          sent.incrementAndGet();
        }
        return null;
      });
      var through = KafkaNodes.log(a).writingThrough(other);
      var appended = TestHub.await(through.append(List.of(dev.eventhub.api.EventDraft.of("orders", "fired", null,
          new JsonObject()).withId("fire-1"))));
      assertThat(appended.get(0).created()).isTrue();
      assertThat(sent.get()).isEqualTo(1);
      StoredDocument doc = TestHub.await(through.storage("scheduler").put("claims", "fire-1", new JsonObject()));
      assertThat(doc.version()).isEqualTo(1);
      assertThat(sent.get()).isEqualTo(2);
      assertThat(read(a, null).events()).extracting(HubEvent::id).containsExactly("fire-1");
    }
    RecordSender fenced = records -> Future.failedFuture(new HubException(ErrorCode.UNAVAILABLE, "fenced"));
    Throwable refused = TestHub.await(KafkaNodes.log(a).writingThrough(fenced).append(List.of(
        dev.eventhub.api.EventDraft.of("orders", "late", null, new JsonObject()))).transform(
        ar -> Future.succeededFuture(ar.cause())));
    assertThat(refused).hasMessageContaining("fenced");
  }

  @Test
  void shouldAnswerReadyAndDescribeTheNodeAndFallOutOfReadyWhenBehind() {
    TestHub a = nodes.start("a");
    TestHub b = nodes.start(nodes.config("b").with("cluster.maxApplyLag", "1s"));
    publish(a, event("orders", 1), 201);
    assertThat(b.get("/ready", null).statusCode()).isEqualTo(200);
    JsonObject status = b.get("/api/cluster", b.adminToken()).bodyAsJsonObject();
    assertThat(status.getString("node")).isEqualTo("b");
    assertThat(status.getString("topic")).isEqualTo(nodes.topic);
    assertThat(status.getString("topicId")).isNotBlank();
    assertThat(status.getJsonArray("brokers")).isNotEmpty();
    assertThat(status.getLong("appliedOffset")).isGreaterThanOrEqualTo(-1);

    KafkaNodes.log(b).applier().suspend();
    publish(a, event("orders", 2), 201);
    Eventually.await(b.vertx(), () -> b.client().get("/ready").send().map(r -> r.statusCode() == 503));
    KafkaNodes.log(b).applier().resume();
    Eventually.await(b.vertx(), () -> b.client().get("/ready").send().map(r -> r.statusCode() == 200));
    String metrics = b.get("/metrics", b.adminToken()).bodyAsString();
    assertThat(metrics).contains("hub_cluster_applied_offset").contains("hub_cluster_apply_lag_records")
        .contains("hub_cluster_leader");
  }
}
