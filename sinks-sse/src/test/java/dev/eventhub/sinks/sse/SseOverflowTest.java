package dev.eventhub.sinks.sse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.AsyncApiCheck;
import dev.eventhub.runtime.testing.TestHub;
import dev.eventhub.sinks.sse.SseClient.Message;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
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
 * The {@code overflow} parameter with a real client that stops reading (a socket with a small receive
 * buffer the test does not read from): the stream stays within {@code maxQueuedBytes} and what the client
 * finally gets accounts for every event.
 */
class SseOverflowTest {
  private static final int EVENTS = 5_000;
  private static final int MAX_QUEUED = 64 << 10;
  private static final int KEYS = 20;
  private static final String PADDING = "x".repeat(2000);

  @TempDir Path dir;
  TestHub hub;
  SseClient client;

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    if (hub != null) {
      hub.close();
    }
  }

  @Test
  void shouldDropTheOldestEventsOfAStalledClientAndSayWhichInGapEvents() throws Exception {
    stalled("drop-oldest");
    List<HubEvent> published = publish();
    List<String> cursors = new ArrayList<>();
    List<JsonObject> gaps = new ArrayList<>();
    readUntil(published.get(EVENTS - 1).cursor(), cursors, gaps);

    assertThat(gaps).isNotEmpty();
    AsyncApiCheck async = AsyncApiCheck.of(hub);
    gaps.forEach(gap -> async.assertMessage("sse", "gap", gap));
    Set<String> received = new HashSet<>(cursors);
    long dropped = 0;
    for (JsonObject gap : gaps) {
      String from = gap.getString("from");
      String to = gap.getString("to");
      List<HubEvent> range = published.stream()
          .filter(e -> e.cursor().compareTo(from) >= 0 && e.cursor().compareTo(to) <= 0).toList();
      assertThat(gap.getLong("dropped")).isEqualTo(range.size());
      assertThat(range).noneMatch(e -> received.contains(e.cursor()));
      dropped += gap.getLong("dropped");
    }
    assertThat(cursors.size() + dropped).isEqualTo(EVENTS);
    assertThat(cursors).isSorted().doesNotHaveDuplicates();

    JsonObject stats = stats();
    assertThat(stats.getLong("slowConsumerCloses")).isZero();
    assertThat(stats.getLong("eventsDropped")).isEqualTo(dropped);
    assertThat(stats.getLong("gapEvents")).isEqualTo(gaps.size());
    assertThat(stats.getLong("queuedBytesPeak")).isPositive().isLessThanOrEqualTo(MAX_QUEUED);
  }

  @Test
  void shouldKeepOnlyTheNewestEventOfEachKeyForAStalledClient() throws Exception {
    stalled("latest-per-key");
    List<HubEvent> published = publish();
    List<String> cursors = new ArrayList<>();
    List<JsonObject> gaps = new ArrayList<>();
    readUntil(published.get(EVENTS - 1).cursor(), cursors, gaps);

    assertThat(gaps).isEmpty();
    assertThat(cursors).isSorted().doesNotHaveDuplicates();
    assertThat(cursors.size()).isLessThan(EVENTS);
    Map<String, String> newest = new HashMap<>();
    for (HubEvent e : published) {
      newest.put(e.key(), e.cursor());
    }
    assertThat(cursors).containsAll(newest.values());

    JsonObject stats = stats();
    assertThat(stats.getLong("slowConsumerCloses")).isZero();
    assertThat(stats.getLong("eventsDropped")).isZero();
    assertThat(stats.getLong("eventsSuperseded")).isEqualTo(EVENTS - cursors.size());
    assertThat(stats.getLong("queuedBytesPeak")).isPositive().isLessThanOrEqualTo(MAX_QUEUED);
  }

  @Test
  void shouldRefuseAnUnknownOverflowWith400NamingTheParameter() throws Exception {
    hub = TestHub.start(dir);
    client = SseClient.open(hub.port(), "/sse?categories=flood&overflow=sometimes",
        Map.of("Authorization", "Bearer " + hub.token("subscribe:flood")));
    assertThat(client.status).isEqualTo(400);
    assertThat(client.body).contains("parameter 'overflow'").contains("sometimes");
  }

  // Live, then not read from: the socket's buffers fill and the stream's queue grows.
  private void stalled(String overflow) throws IOException {
    // The stalled client answers nothing: the heartbeat must not matter either.
    hub = TestHub.start(dir, c -> c.with("plugins.sse.maxQueuedBytes", MAX_QUEUED).with("plugins.sse.heartbeat", "10m"));
    client = SseClient.open(hub.port(), "/sse?categories=flood&overflow=" + overflow,
        Map.of("Authorization", "Bearer " + hub.token("subscribe:flood")), 4096);
    assertThat(client.status).isEqualTo(200);
    client.awaitLive();
  }

  private List<HubEvent> publish() {
    List<HubEvent> all = new ArrayList<>(EVENTS);
    for (int b = 0; b < EVENTS / 500; b++) {
      List<EventDraft> drafts = new ArrayList<>(500);
      for (int i = 0; i < 500; i++) {
        int n = b * 500 + i;
        drafts.add(EventDraft.of("flood", "tick", "k" + (n % KEYS), new JsonObject().put("n", n).put("pad", PADDING)));
      }
      all.addAll(TestHub.await(hub.hub().publisher().publishAll(drafts)));
    }
    return all;
  }

  private void readUntil(String lastCursor, List<String> cursors, List<JsonObject> gaps) throws InterruptedException {
    client.read();
    while (true) {
      Message m = client.nextMessage();
      assertThat(m).isNotSameAs(SseClient.END);
      if ("gap".equals(m.event())) {
        JsonObject gap = new JsonObject(m.data());
        // Where the dropped events would have been: after every event before them.
        if (!cursors.isEmpty()) {
          assertThat(gap.getString("from")).isGreaterThan(cursors.get(cursors.size() - 1));
        }
        gaps.add(gap);
        continue;
      }
      if (m.retry() != null) {
        continue;
      }
      assertThat(m.isEvent()).as(m.toString()).isTrue();
      if (!gaps.isEmpty()) {
        assertThat(m.id()).isGreaterThan(gaps.get(gaps.size() - 1).getString("to"));
      }
      cursors.add(m.id());
      if (m.id().equals(lastCursor)) {
        return;
      }
    }
  }

  private JsonObject stats() {
    return hub.get("/api/sse/stats", hub.adminToken()).bodyAsJsonObject();
  }
}
