package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SlowConsumerTest {
  private static final int EVENTS = 100_000;
  private static final String PADDING = "x".repeat(200);

  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldCloseAClientThatStopsReadingWith4008WhileTheClientBesideItGetsEveryEvent() {
    // 8 MiB: room for a reading client to fall behind the flood (which never runs more than 5,000 events,
    // 1.5 MB, ahead of it), far less than the 30 MB the flood holds, so that the client that stops reading
    // must overflow. The client that stops reading answers no pings either: the heartbeat must not close it
    // before its backlog does, however long a busy machine takes over the flood.
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxQueuedBytes", 8 << 20)
        .with("plugins.websocket.heartbeatInterval", "10m"));
    JsonObject subscribe = new JsonObject().put("categories", new JsonArray().add("flood"));
    WsClient slow = fixture.connect();
    slow.subscribe(subscribe);
    Sequence slowSeen = new Sequence(Integer.MAX_VALUE);
    slow.listen(slowSeen::accept);
    slow.ws.pause();
    WsClient normal = fixture.connect();
    normal.subscribe(subscribe);
    Sequence normalSeen = new Sequence(EVENTS);
    normal.listen(normalSeen::accept);

    normal.closed.future().onSuccess(code -> normalSeen.fail("the reading client was closed with " + code
        + " after " + normalSeen.count + " events"));

    List<HubEvent> published = publishFlood(normalSeen);

    normalSeen.awaitAll();
    assertThat(normalSeen.violations).isEmpty();
    assertThat(normalSeen.lastCursor).isEqualTo(published.get(EVENTS - 1).cursor());
    assertThat(fixture.stats().getLong("slowConsumerCloses")).isEqualTo(1);

    slow.ws.resume();
    assertThat(slow.awaitClose()).isEqualTo((short) 4008);
    assertThat(slow.ws.closeReason()).isEqualTo("slow consumer");
    assertThat(slowSeen.violations).isEmpty();
    assertThat(slowSeen.count).isLessThan(EVENTS);
    normal.close();

    // Resuming from the last cursor it saw gives the slow client the rest, with nothing lost.
    try (WsClient again = fixture.connect()) {
      Sequence rest = new Sequence(EVENTS - slowSeen.count);
      rest.expectAfter(slowSeen.lastCursor, published);
      again.listen(rest::accept);
      again.send(subscribe.copy().put("type", "subscribe").put("batch", true).put("since", slowSeen.lastCursor));
      rest.awaitAll();
      assertThat(rest.violations).isEmpty();
    }
  }

  // Batches of 1000, five in flight at a time: as fast as the log records, without one huge burst, and no
  // further ahead of the reading client than five batches (the hub fans out faster than a client in this
  // JVM parses JSON, and the test is about the client that stops reading, not about this one).
  private List<HubEvent> publishFlood(Sequence reader) {
    List<HubEvent> all = new ArrayList<>(EVENTS);
    Deque<Future<List<HubEvent>>> inFlight = new ArrayDeque<>();
    for (int b = 0; b < EVENTS / 1000; b++) {
      TestHub.await(reader.reached((b - 5) * 1000));
      List<EventDraft> drafts = new ArrayList<>(1000);
      for (int i = 0; i < 1000; i++) {
        drafts.add(EventDraft.of("flood", "tick", null, new JsonObject().put("n", b * 1000 + i).put("pad", PADDING)));
      }
      inFlight.add(fixture.hub.hub().publisher().publishAll(drafts));
      if (inFlight.size() == 5) {
        all.addAll(TestHub.await(inFlight.poll()));
      }
    }
    while (!inFlight.isEmpty()) {
      all.addAll(TestHub.await(inFlight.poll()));
    }
    return all;
  }

  /** Counts the events a client receives and checks they follow each other in the log, from the first on. */
  private static final class Sequence {
    final int expected;
    final Promise<Void> done = Promise.promise();
    final List<String> violations = new ArrayList<>();
    volatile int count;
    volatile String lastCursor;
    private int nextIndex;
    private List<HubEvent> log;
    private int threshold;
    private Promise<Void> reachedThreshold;

    Sequence(int expected) {
      this.expected = expected;
    }

    void expectAfter(String cursor, List<HubEvent> published) {
      this.log = published;
      while (!published.get(nextIndex).cursor().equals(cursor)) {
        nextIndex++;
      }
      nextIndex++;
    }

    /** Completes once {@code n} events have arrived; fails if the sequence fails first. */
    synchronized Future<Void> reached(int n) {
      if (count >= n) {
        return Future.succeededFuture();
      }
      if (done.future().failed()) {
        return done.future();
      }
      threshold = n;
      reachedThreshold = Promise.promise();
      return reachedThreshold.future();
    }

    /**
     * Waits for every expected event, a thousand at a time: each step is bounded, not the whole, since
     * how long a hundred thousand events take depends on how busy the machine is; a stall fails.
     */
    void awaitAll() {
      while (count < expected) {
        TestHub.await(reached(Math.min(expected, count + 1000)));
      }
      TestHub.await(done.future());
    }

    /** Fails the waits: the events will not all come. */
    synchronized void fail(String why) {
      done.tryFail(why);
      if (reachedThreshold != null) {
        reachedThreshold.tryFail(why);
      }
    }

    synchronized void accept(JsonObject frame) {
      if (frame.getString("type").equals("subscribed")) {
        return;
      }
      if (frame.getString("type").equals("replay_complete")) {
        if (frame.getInteger("count") != count || !frame.getBoolean("complete")) {
          violations.add("replay_complete " + frame.encode() + " after " + count);
        }
        return;
      }
      for (JsonObject e : WsClient.unpack(frame)) {
        String cursor = e.getString("cursor");
        if (log != null && !log.get(nextIndex++).cursor().equals(cursor)) {
          violations.add("expected " + log.get(nextIndex - 1).cursor() + ", got " + cursor);
        }
        if (lastCursor != null && cursor.compareTo(lastCursor) <= 0) {
          violations.add(cursor + " after " + lastCursor);
        }
        if (e.getJsonObject("data").getInteger("n") != (log == null ? count : nextIndex - 1)) {
          violations.add("event n=" + e.getJsonObject("data").getInteger("n") + " at position " + count);
        }
        lastCursor = cursor;
        if (++count == expected) {
          done.tryComplete();
        }
        if (reachedThreshold != null && count >= threshold) {
          reachedThreshold.tryComplete();
        }
      }
    }
  }
}
