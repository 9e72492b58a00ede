package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Overflow policies with a real client that stops reading (a raw socket the test does not read from):
 * the hub keeps the queue within {@code maxQueuedBytes}, and what the client finally gets accounts for
 * every event published.
 */
class OverflowTest {
  // 20 MB of events: far more than the loopback socket's buffers and the 64 KiB bound together.
  private static final int EVENTS = 10_000;
  private static final int MAX_QUEUED = 64 << 10;
  private static final int KEYS = 20;
  private static final String PADDING = "x".repeat(2000);

  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldDropTheOldestEventsOfAStalledClientAndTellItTheirCountAndCursorsInGapFrames() {
    fixture = start();
    try (RawWs raw = stalledClient("drop-oldest")) {
      List<HubEvent> published = publish();
      Received got = readUntil(raw, published.get(EVENTS - 1).cursor());

      assertThat(got.gaps).isNotEmpty();
      AsyncApiCheck async = AsyncApiCheck.of(fixture.hub);
      got.gaps.forEach(gap -> async.assertSent("websocket", gap));
      Set<String> receivedCursors = new HashSet<>(got.cursors);
      long dropped = 0;
      for (JsonObject gap : got.gaps) {
        String from = gap.getString("from");
        String to = gap.getString("to");
        List<HubEvent> range = published.stream()
            .filter(e -> e.cursor().compareTo(from) >= 0 && e.cursor().compareTo(to) <= 0).toList();
        // Exactly the events of the range were dropped: none of them reached the client.
        assertThat(gap.getLong("dropped")).isEqualTo(range.size());
        assertThat(range).noneMatch(e -> receivedCursors.contains(e.cursor()));
        assertThat(gap.getString("subscription")).isEqualTo("sub-1");
        dropped += gap.getLong("dropped");
      }
      // Nothing else is missing, nothing came twice, in log order.
      assertThat(got.cursors.size() + dropped).isEqualTo(EVENTS);
      assertThat(got.cursors).isSorted().doesNotHaveDuplicates();
      // A gap comes where the dropped events would have: after the events before them, before the ones after.
      assertThat(got.orderViolations).isEmpty();

      JsonObject stats = fixture.stats();
      assertThat(stats.getLong("slowConsumerCloses")).isZero();
      assertThat(stats.getLong("eventsDropped")).isEqualTo(dropped);
      assertThat(stats.getLong("gapFrames")).isEqualTo(got.gaps.size());
      assertThat(stats.getLong("queuedBytesPeak")).isPositive().isLessThanOrEqualTo(MAX_QUEUED);
      assertThat(stats.getLong("queuedBytes")).isZero();
      assertThat(stats.getLong("queuedEvents")).isZero();
    }
  }

  @Test
  void shouldKeepOnlyTheNewestEventOfEachKeyForAStalledClient() {
    fixture = start();
    try (RawWs raw = stalledClient("latest-per-key")) {
      List<HubEvent> published = publish();
      Received got = readUntil(raw, published.get(EVENTS - 1).cursor());

      // 20 keys of 2 KB fit the bound: nothing is dropped, older events of a key give way to newer ones.
      assertThat(got.gaps).isEmpty();
      assertThat(got.cursors).isSorted().doesNotHaveDuplicates();
      assertThat(got.cursors.size()).isLessThan(EVENTS);
      Map<String, String> newest = new HashMap<>();
      for (HubEvent e : published) {
        newest.put(e.key(), e.cursor());
      }
      assertThat(got.cursors).containsAll(newest.values());

      JsonObject stats = fixture.stats();
      assertThat(stats.getLong("slowConsumerCloses")).isZero();
      assertThat(stats.getLong("eventsDropped")).isZero();
      assertThat(stats.getLong("eventsSuperseded")).isEqualTo(EVENTS - got.cursors.size());
      assertThat(stats.getLong("queuedBytesPeak")).isPositive().isLessThanOrEqualTo(MAX_QUEUED);
      assertThat(stats.getLong("queuedEvents")).isZero();
    }
  }

  @Test
  void shouldStillCloseAStalledClientThatAsksForCloseWith4008() {
    fixture = start();
    try (RawWs raw = stalledClient("close")) {
      publish();
      List<RawWs.Frame> frames = raw.readUntilClose();
      assertThat(frames.get(frames.size() - 1).closeCode()).isEqualTo(4008);
      assertThat(fixture.stats().getLong("slowConsumerCloses")).isEqualTo(1);
    }
  }

  @Test
  void shouldRefuseAnUnknownOverflowPolicyNamingTheField() {
    fixture = start();
    try (RawWs raw = RawWs.open(fixture.hub, fixture.hub.token("subscribe:*"))) {
      raw.writeText(new JsonObject().put("type", "subscribe").put("id", "s")
          .put("categories", new JsonArray().add("flood")).put("overflow", "drop-newest").encode());
      JsonObject error = raw.read().json();
      assertThat(error.getString("type")).isEqualTo("error");
      assertThat(error.getString("code")).isEqualTo("bad_request");
      assertThat(error.getString("message")).contains("'overflow'").contains("drop-newest");
    }
  }

  private Fixture start() {
    // The client that stops reading answers no pings either: the heartbeat must not close it first.
    return Fixture.start(dir, c -> c.with("plugins.websocket.maxQueuedBytes", MAX_QUEUED)
        .with("plugins.websocket.heartbeatInterval", "10m"));
  }

  // Subscribed, then not read from until the test says so: the socket's buffers fill and the hub's queue grows.
  private RawWs stalledClient(String overflow) {
    RawWs raw = RawWs.open(fixture.hub, fixture.hub.token("subscribe:*"));
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("id", "s")
        .put("categories", new JsonArray().add("flood")).put("overflow", overflow);
    AsyncApiCheck.of(fixture.hub).assertAccepted("websocket", subscribe);
    raw.writeText(subscribe.encode());
    assertThat(raw.read().json().getString("type")).isEqualTo("subscribed");
    return raw;
  }

  private List<HubEvent> publish() {
    List<HubEvent> all = new ArrayList<>(EVENTS);
    for (int b = 0; b < EVENTS / 500; b++) {
      List<EventDraft> drafts = new ArrayList<>(500);
      for (int i = 0; i < 500; i++) {
        int n = b * 500 + i;
        drafts.add(EventDraft.of("flood", "tick", "k" + (n % KEYS), new JsonObject().put("n", n).put("pad", PADDING)));
      }
      all.addAll(TestHub.await(fixture.hub.hub().publisher().publishAll(drafts)));
    }
    return all;
  }

  /** Reads events and gap frames until the event at {@code lastCursor}. */
  private static Received readUntil(RawWs raw, String lastCursor) {
    Received got = new Received();
    while (true) {
      RawWs.Frame f = raw.read();
      if (f.opcode() != RawWs.TEXT) {
        continue;
      }
      JsonObject frame = f.json();
      if ("gap".equals(frame.getString("type"))) {
        got.gap(frame);
        continue;
      }
      assertThat(frame.getString("type")).isEqualTo("event");
      got.event(frame.getString("cursor"));
      if (frame.getString("cursor").equals(lastCursor)) {
        return got;
      }
    }
  }

  private static final class Received {
    final List<String> cursors = new ArrayList<>();
    final List<JsonObject> gaps = new ArrayList<>();
    final List<String> orderViolations = new ArrayList<>();
    private JsonObject lastGap;

    void gap(JsonObject frame) {
      if (!cursors.isEmpty() && frame.getString("from").compareTo(cursors.get(cursors.size() - 1)) <= 0) {
        orderViolations.add("gap from " + frame.getString("from") + " after event " + cursors.get(cursors.size() - 1));
      }
      gaps.add(frame);
      lastGap = frame;
    }

    void event(String cursor) {
      if (lastGap != null && cursor.compareTo(lastGap.getString("to")) <= 0) {
        orderViolations.add("event " + cursor + " after gap to " + lastGap.getString("to"));
      }
      cursors.add(cursor);
    }
  }
}
