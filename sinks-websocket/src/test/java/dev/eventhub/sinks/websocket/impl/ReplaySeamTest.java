package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.stream.StreamFilter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventFilter;
import dev.eventhub.api.EventHistory;
import dev.eventhub.api.EventPage;
import dev.eventhub.api.EventQuery;
import dev.eventhub.api.HubEvent;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import io.vertx.core.Future;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The seam from replay to live, step by step: a log whose reads the test interleaves with live
 * events, and a socket that records what is written.
 */
class ReplaySeamTest {
  private final List<JsonObject> written = new ArrayList<>();
  private final List<HubEvent> log = new ArrayList<>();
  private final FakeHistory history = new FakeHistory();
  private final List<Throwable> failures = new ArrayList<>();
  private Subscription sub;

  @Test
  void shouldReplayThenSendOnlyTheHeldEventsAfterTheLastReplayedOne() {
    append(10);
    sub = subscription(false, 1 << 20);
    // Recorded before the read's snapshot and delivered live during it: replayed, and held as well.
    history.beforeSnapshot = () -> {
      append(1);
      live(9, 10, 11);
    };
    // Recorded after the snapshot: only held.
    history.afterSnapshot = () -> {
      append(1);
      live(12);
    };
    replay(since(3));

    assertThat(seqs(written)).containsExactly(4, 5, 6, 7, 8, 9, 10, 11, -1, 12);
    assertThat(written.subList(0, 8)).allMatch(f -> f.getBoolean("replay"));
    assertThat(written.get(8)).isEqualTo(new JsonObject().put("type", "replay_complete").put("id", "s")
        .put("subscription", "sub-1").put("count", 8).put("complete", true));
    assertThat(written.get(9).containsKey("replay")).isFalse();
  }

  @Test
  void shouldDropQueuedEventsThatTheReplayAlreadySent() {
    append(6);
    sub = subscription(false, 1 << 20);
    replay(since(2));
    // Still in the connection's queue when the replay ended: 5 and 6 were replayed.
    append(1);
    live(5, 6, 7);

    assertThat(seqs(written)).containsExactly(3, 4, 5, 6, -1, 7);
  }

  @Test
  void shouldReadTheLogAgainWhenMoreLiveEventsArriveThanTheHoldBufferTakes() {
    append(5);
    sub = subscription(false, 600);
    history.afterSnapshot = () -> {
      history.afterSnapshot = null;
      append(10);
      live(6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    };
    replay(since(3));
    append(1);
    live(16);

    assertThat(seqs(written)).containsExactly(4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, -1, 16);
    assertThat(history.reads).isEqualTo(2);
    assertThat(written.get(12).getInteger("count")).isEqualTo(12);
  }

  @Test
  void shouldSendEveryHeldEventAfterAnEmptyReplayOfAnUnknownCursor() {
    append(4);
    sub = subscription(false, 1 << 20);
    history.beforeSnapshot = () -> {
      append(2);
      live(5, 6);
    };
    replay("ffff000000000001");

    assertThat(seqs(written)).containsExactly(-1, 5, 6);
    assertThat(written.get(0).getInteger("count")).isZero();
    assertThat(written.get(0).getBoolean("complete")).isFalse();
  }

  @Test
  void shouldReportAFailedReadAndSendNothing() {
    append(3);
    sub = subscription(false, 1 << 20);
    history.failure = new IllegalStateException("disk gone");
    Subscribe request = new Subscribe("s", List.of("seam"), List.of(), List.of(), since(1), null, false);
    new ReplaySeam(sub, request, cursor(3), history, sub.outbox(), failures::add).start();

    assertThat(failures).extracting(Throwable::getMessage).containsExactly("disk gone");
    assertThat(written).isEmpty();
  }

  @Test
  void shouldStartALiveSubscriptionAfterTheHeadItAnnounced() {
    append(5);
    sub = subscription(false, 1 << 20);
    // Recorded before the head was read, but still on their way through the event bus.
    live(4, 5);
    sub.goLive(cursor(5));
    append(1);
    live(6);

    assertThat(seqs(written)).containsExactly(6);
  }

  @Test
  void shouldPageThroughALongReplayAndPackItForABatchSubscription() {
    append(2500);
    sub = subscription(true, 1 << 20);
    replay(since(1));

    List<JsonObject> events = new ArrayList<>();
    for (JsonObject frame : written.subList(0, written.size() - 1)) {
      assertThat(frame.getString("type")).isEqualTo("events");
      frame.getJsonArray("events").forEach(e -> events.add((JsonObject) e));
    }
    assertThat(events).hasSize(2499).allMatch(e -> e.getBoolean("replay"));
    assertThat(seqs(events)).isSorted().startsWith(2).endsWith(2500);
    assertThat(history.reads).isEqualTo(3);
    assertThat(written.get(written.size() - 1).getInteger("count")).isEqualTo(2499);
  }

  private void replay(String since) {
    String headAtSubscribe = cursor(log.size());
    Subscribe request = new Subscribe("s", List.of("seam"), List.of(), List.of(), since, null, sub.batch());
    new ReplaySeam(sub, request, headAtSubscribe, history, sub.outbox(), failures::add).start();
    assertThat(failures).isEmpty();
  }

  private Subscription subscription(boolean batch, long holdLimit) {
    ServerWebSocket ws = (ServerWebSocket) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ServerWebSocket.class}, (proxy, method, args) -> switch (method.getName()) {
          case "writeFrame" -> {
            written.add(new JsonObject(((WebSocketFrame) args[0]).textData()));
            yield Future.succeededFuture();
          }
          case "writeQueueFull", "isClosed" -> false;
          case "drainHandler" -> proxy;
          default -> throw new UnsupportedOperationException(method.getName());
        });
    Outbox outbox = new Outbox(ws, null, 1 << 20, new WebSocketStats(), () -> { });
    return new Subscription(1, new StreamFilter(List.of("seam"), List.of(), List.of()), batch, outbox, holdLimit);
  }

  private void append(int count) {
    for (int i = 0; i < count; i++) {
      int seq = log.size() + 1;
      log.add(new HubEvent("e" + seq, cursor(seq), "seam", "tick", null, Instant.now(), new JsonObject().put("seq", seq)));
    }
  }

  // Live events as the connection's loop hands them to the subscription, in one batch.
  private void live(int... seqs) {
    for (int seq : seqs) {
      sub.receive(new Encoded(log.get(seq - 1)));
    }
    sub.outbox().endPass();
  }

  private String since(int seq) {
    return cursor(seq);
  }

  private static String cursor(int seq) {
    return String.format("%016x", seq);
  }

  /** The {@code seq} of each event frame, -1 for a {@code replay_complete}. */
  private static List<Integer> seqs(List<JsonObject> frames) {
    return frames.stream().map(f -> f.getString("type", "event").equals("replay_complete") ? -1
        : f.getJsonObject("data").getInteger("seq")).toList();
  }

  /** The log: reads see it at their snapshot; hooks run just before or just after it. */
  private final class FakeHistory implements EventHistory {
    Runnable beforeSnapshot;
    Runnable afterSnapshot;
    RuntimeException failure;
    int reads;

    @Override
    public Future<EventPage> read(EventQuery query) {
      reads++;
      if (failure != null) {
        return Future.failedFuture(failure);
      }
      run(beforeSnapshot);
      beforeSnapshot = null;
      EventPage page = page(query);
      run(afterSnapshot);
      return Future.succeededFuture(page);
    }

    private EventPage page(EventQuery query) {
      if (!query.since().startsWith("0000")) {
        return new EventPage(List.of(), query.since(), false, false);
      }
      List<HubEvent> after = log.stream().filter(e -> e.cursor().compareTo(query.since()) > 0).toList();
      List<HubEvent> events = after.subList(0, Math.min(query.limit(), after.size()));
      String next = events.isEmpty() ? query.since() : events.get(events.size() - 1).cursor();
      return new EventPage(events, next, after.size() > events.size(), true);
    }

    @Override
    public Future<EventPage> last(EventFilter filter, int count) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Future<String> head() {
      return Future.succeededFuture(cursor(log.size()));
    }

    private void run(Runnable hook) {
      if (hook != null) {
        hook.run();
      }
    }
  }
}
