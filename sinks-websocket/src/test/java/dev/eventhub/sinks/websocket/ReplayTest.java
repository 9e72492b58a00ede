package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
  @TempDir static Path dir;
  static Fixture fixture;

  @BeforeAll
  static void start() {
    // The seam test publishes on a timer, as fast on a busy machine as on an idle one, while its clients
    // replay more slowly there: the live events a replaying subscription holds must not pass for a slow
    // consumer (SlowConsumerTest is about those), so the limit is far above what the test can publish.
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxQueuedBytes", 256 << 20));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldReplayTheEventsAfterTheCursorThenGoLive() {
    List<HubEvent> sent = fixture.publish("r-since", "tick", 5);
    fixture.publish("r-other", "tick", 2);
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe("r-since").put("id", "s1").put("since", sent.get(1).cursor()));
      List<JsonObject> replayed = c.events(3);
      assertThat(FilteringTest.ids(replayed)).containsExactly(sent.get(2).id(), sent.get(3).id(), sent.get(4).id());
      assertThat(replayed).allMatch(e -> e.getBoolean("replay") && e.getString("subscription").equals("sub-1"));
      assertThat(c.next("replay_complete")).isEqualTo(new JsonObject().put("type", "replay_complete").put("id", "s1")
          .put("subscription", "sub-1").put("count", 3).put("complete", true));

      HubEvent live = fixture.publish("r-since", "tick", "k");
      JsonObject frame = c.next("event");
      assertThat(frame.getString("id")).isEqualTo(live.id());
      assertThat(frame.containsKey("replay")).isFalse();
    }
  }

  @Test
  void shouldReplayNothingAndCompleteWhenTheCursorIsTheNewestEvent() {
    List<HubEvent> sent = fixture.publish("r-head", "tick", 2);
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe("r-head").put("since", sent.get(1).cursor()));
      JsonObject done = c.next("replay_complete");
      assertThat(done.getInteger("count")).isZero();
      assertThat(done.getBoolean("complete")).isTrue();
    }
  }

  @Test
  void shouldReplayTheLastMatchingEvents() {
    List<HubEvent> sent = TestHub.await(fixture.hub.hub().publisher().publishAll(List.of(
        draft("r-last", "a"), draft("r-last", "b"), draft("r-last", "a"), draft("r-last", "b"), draft("r-last", "a"))));
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe("r-last").put("events", new JsonArray().add("a")).put("last", 2));
      assertThat(FilteringTest.ids(c.events(2))).containsExactly(sent.get(2).id(), sent.get(4).id());
      JsonObject done = c.next("replay_complete");
      assertThat(done.getInteger("count")).isEqualTo(2);
      assertThat(done.getBoolean("complete")).isTrue();
      c.assertNothingPending();
    }
  }

  @Test
  void shouldTellAClientWithAnUnknownCursorThatItMayHaveMissedEventsThenGoLive() {
    fixture.publish("r-unknown", "tick", 3);
    for (String unknown : new String[] {"not-a-cursor", "ffff000000000001"}) {
      try (WsClient c = fixture.connect()) {
        c.subscribe(subscribe("r-unknown").put("since", unknown));
        JsonObject done = c.next("replay_complete");
        assertThat(done.getInteger("count")).isZero();
        assertThat(done.getBoolean("complete")).isFalse();
        HubEvent live = fixture.publish("r-unknown", "tick", "k");
        assertThat(c.next("event").getString("id")).isEqualTo(live.id());
      }
    }
  }

  @Test
  void shouldReplayInEventsFramesForABatchSubscription() {
    List<HubEvent> sent = fixture.publish("r-batch", "tick", 1500);
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe("r-batch").put("since", sent.get(99).cursor()).put("batch", true));
      List<JsonObject> replayed = new ArrayList<>();
      while (replayed.size() < 1400) {
        replayed.addAll(WsClient.unpack(c.next("events")));
      }
      assertThat(FilteringTest.ids(replayed)).isEqualTo(sent.subList(100, 1500).stream().map(HubEvent::id).toList());
      assertThat(replayed).allMatch(e -> e.getBoolean("replay") && !e.containsKey("subscription"));
      assertThat(c.next("replay_complete").getInteger("count")).isEqualTo(1400);
      HubEvent live = fixture.publish("r-batch", "tick", "k");
      JsonObject frame = c.next("events");
      assertThat(WsClient.unpack(frame)).containsExactly(new JsonObject(live.encode()));
    }
  }

  @Test
  void shouldSendNothingMoreOfAReplayAfterUnsubscribe() {
    // About 8 MB of replay, more than the socket buffers between the hub and a client that stops reading hold
    // (SlowConsumerTest's paused client took in about 3 MB): the replay waits for the client, however fast the
    // hub reads the log, so the unsubscribe surely comes in the middle of it.
    int count = 8000;
    List<HubEvent> sent = publishPadded("r-cancel", count, 1000);
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe("r-cancel").put("since", sent.get(0).cursor()));
      c.ws.pause();
      c.send(new JsonObject().put("type", "unsubscribe").put("id", "u1").put("subscription", "sub-1"));
      c.ws.resume();
      JsonObject frame = c.next();
      int replayed = 0;
      while (!frame.getString("type").equals("unsubscribed")) {
        assertThat(frame.getString("type")).isEqualTo("event");
        replayed++;
        frame = c.next();
      }
      assertThat(replayed).isLessThan(count - 1);
      c.assertNothingPending();
    }
  }

  private static List<HubEvent> publishPadded(String category, int count, int padding) {
    List<HubEvent> out = new ArrayList<>(count);
    String pad = "x".repeat(padding);
    for (int from = 0; from < count; from += 1000) {
      List<EventDraft> drafts = new ArrayList<>();
      for (int i = from; i < Math.min(count, from + 1000); i++) {
        drafts.add(EventDraft.of(category, "tick", null, new JsonObject().put("i", i).put("pad", pad)));
      }
      out.addAll(TestHub.await(fixture.hub.hub().publisher().publishAll(drafts)));
    }
    return out;
  }

  @Test
  void shouldTellAClientWhoseCursorIsOlderThanRetentionThatItMayHaveMissedEvents(@TempDir Path other) {
    try (Fixture small = Fixture.start(other, c -> c.with("log.retention.maxEventsPerCategory", 5))) {
      List<HubEvent> sent = small.publish("r-old", "tick", 20);
      // The publishes' own commits prune what takes the category past its limit (docs/performance.md O); prune() does
      // whatever is left. Either way the log holds the last 5 and remembers that older ones went.
      TestHub.await(small.hub.hub().log().prune());
      try (WsClient c = small.connect()) {
        c.subscribe(subscribe("r-old").put("since", sent.get(2).cursor()));
        List<JsonObject> replayed = c.events(5);
        assertThat(FilteringTest.ids(replayed)).isEqualTo(sent.subList(15, 20).stream().map(HubEvent::id).toList());
        JsonObject done = c.next("replay_complete");
        assertThat(done.getInteger("count")).isEqualTo(5);
        assertThat(done.getBoolean("complete")).isFalse();
      }
    }
  }

  /**
   * The seam: while events are published without pause, many clients resume from various points
   * (plain and batch, {@code since} and {@code last}); each must receive the log from its point on,
   * exactly once and in order, replayed events before {@code replay_complete} and live ones after.
   */
  @Test
  void shouldGiveEachResumingClientTheLogExactlyOnceInOrderWhilePublishingGoesOn() throws Exception {
    String category = "r-seam";
    List<HubEvent> early = fixture.publish(category, "tick", 1500);
    // Publishes on the hub's timer thread, a few events every few milliseconds, while clients resume.
    AtomicReference<Throwable> publishFailure = new AtomicReference<>();
    Random publishRandom = new Random(7);
    long publisher = fixture.hub.vertx().setPeriodic(4, id -> publishSome(category, publishRandom, publishFailure));

    List<Recorder> recorders = new ArrayList<>();
    Random random = new Random(42);
    try {
      for (int i = 0; i < 24; i++) {
        WsClient c = fixture.connect();
        JsonObject subscribe = subscribe(category).put("id", "s" + i).put("batch", i % 2 == 1);
        String since = null;
        int last = 0;
        if (i % 8 == 7) {
          last = 1 + random.nextInt(500);
          subscribe.put("last", last);
        } else {
          since = i % 4 == 0 ? TestHub.await(fixture.hub.hub().log().head())
              : early.get(random.nextInt(early.size())).cursor();
          subscribe.put("since", since);
        }
        Recorder r = new Recorder(c, since, last);
        c.listen(r::accept);
        c.send(subscribe.put("type", "subscribe"));
        recorders.add(r);
      }
      for (Recorder r : recorders) {
        TestHub.await(r.replayDone.future());
      }
      // Let live traffic run past every seam before stopping.
      for (Recorder r : recorders) {
        TestHub.await(r.liveSeen.future());
      }
    } finally {
      fixture.hub.vertx().cancelTimer(publisher);
    }
    assertThat(publishFailure.get()).isNull();
    HubEvent end = fixture.publish(category, "end", null);
    for (Recorder r : recorders) {
      TestHub.await(r.sawEnd(end.id()));
    }

    List<HubEvent> log = readLog(category);
    for (Recorder r : recorders) {
      r.client.close();
      assertThat(r.violations).as("client " + r.id).isEmpty();
      List<String> expected;
      if (r.since == null) {
        assertThat(r.replayCount).as("client " + r.id + " last").isEqualTo(r.last);
        expected = idsFrom(log, log.size() - r.replayCount - r.liveCount);
      } else {
        expected = idsFrom(log, firstAfter(log, r.since));
      }
      assertThat(r.ids).as("client " + r.id + " since " + r.since).isEqualTo(expected);
      assertThat(r.complete).isTrue();
    }
  }

  private static void publishSome(String category, Random random, AtomicReference<Throwable> failure) {
    List<EventDraft> drafts = new ArrayList<>();
    for (int i = 1 + random.nextInt(4); i > 0; i--) {
      drafts.add(EventDraft.of(category, "tick", "k" + random.nextInt(3), new JsonObject().put("n", i)));
    }
    fixture.hub.hub().publisher().publishAll(drafts).onFailure(failure::set);
  }

  private static List<HubEvent> readLog(String category) {
    List<HubEvent> out = new ArrayList<>();
    String since = null;
    EventPage page;
    do {
      page = TestHub.await(fixture.hub.hub().log().read(new EventQuery(EventFilter.categories(category), since, 1000)));
      out.addAll(page.events());
      since = page.next();
    } while (page.more());
    return out;
  }

  private static int firstAfter(List<HubEvent> log, String cursor) {
    int i = 0;
    while (i < log.size() && log.get(i).cursor().compareTo(cursor) <= 0) {
      i++;
    }
    return i;
  }

  private static List<String> idsFrom(List<HubEvent> log, int from) {
    return log.subList(from, log.size()).stream().map(HubEvent::id).toList();
  }

  static JsonObject subscribe(String category) {
    return new JsonObject().put("categories", new JsonArray().add(category));
  }

  static EventDraft draft(String category, String event) {
    return EventDraft.of(category, event, null, new JsonObject());
  }

  /** Records what one client receives, on the client's thread, and notes every breach of the protocol. */
  private static final class Recorder {
    final WsClient client;
    final String since;
    final List<String> ids = new ArrayList<>();
    final List<String> violations = new ArrayList<>();
    final Promise<Void> replayDone = Promise.promise();
    final Promise<Void> end = Promise.promise();
    final Promise<Void> liveSeen = Promise.promise();
    final int last;
    volatile String endId;
    Object id;
    boolean subscribed;
    boolean live;
    boolean complete;
    int replayCount;
    int liveCount;

    Recorder(WsClient client, String since, int last) {
      this.client = client;
      this.since = since;
      this.last = last;
      client.closed.future().onComplete(ar -> {
        AssertionError closed = new AssertionError("the hub closed the connection with " + ar.result());
        replayDone.tryFail(closed);
        liveSeen.tryFail(closed);
        end.tryFail(closed);
      });
    }

    Future<Void> sawEnd(String id) {
      endId = id;
      synchronized (this) {
        if (ids.contains(id)) {
          end.tryComplete();
        }
      }
      return end.future();
    }

    synchronized void accept(JsonObject frame) {
      switch (frame.getString("type")) {
        case "subscribed" -> {
          id = frame.getValue("id");
          subscribed = true;
        }
        case "replay_complete" -> {
          if (live || frame.getInteger("count") != replayCount) {
            violations.add("replay_complete " + frame.encode() + " after " + replayCount + " replayed");
          }
          complete = frame.getBoolean("complete");
          live = true;
          replayDone.tryComplete();
        }
        case "event", "events" -> WsClient.unpack(frame).forEach(this::event);
        default -> violations.add("unexpected " + frame.encode());
      }
    }

    private void event(JsonObject e) {
      boolean replayed = e.getBoolean("replay", false);
      if (!subscribed || replayed == live) {
        violations.add((replayed ? "replayed" : "live") + " event " + e.getString("cursor")
            + (live ? " after" : " before") + " replay_complete");
      }
      if (replayed) {
        replayCount++;
      } else if (++liveCount == 50) {
        liveSeen.tryComplete();
      }
      ids.add(e.getString("id"));
      if (e.getString("id").equals(endId)) {
        end.tryComplete();
      }
    }
  }
}
