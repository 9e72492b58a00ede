package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 16: replay reads the log in pages bounded in bytes, and still replays every event once. */
class ReplayPageBytesTest {
  @TempDir static Path dir;
  static Fixture fixture;
  static List<HubEvent> sent = new ArrayList<>();

  @BeforeAll
  static void start() {
    // Three of the events below fill a page.
    fixture = Fixture.start(dir, c -> c.with("log.maxPageBytes", 100_000));
    for (int i = 0; i < 10; i++) {
      sent.add(TestHub.await(fixture.hub.hub().publisher().publish(
          EventDraft.of("big", "blob", null, new JsonObject().put("i", i).put("pad", "x".repeat(30_000))))));
    }
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static JsonObject subscribe() {
    return new JsonObject().put("type", "subscribe").put("categories", new JsonArray().add("big"));
  }

  @Test
  void shouldReplayEveryEventAfterTheCursorAcrossPagesCutByBytes() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe().put("since", sent.get(0).cursor()));
      List<String> ids = new ArrayList<>();
      c.events(9).forEach(e -> ids.add(e.getString("id")));
      assertThat(ids).containsExactlyElementsOf(sent.subList(1, 10).stream().map(HubEvent::id).toList());
      JsonObject done = c.next("replay_complete");
      assertThat(done.getInteger("count")).isEqualTo(9);
      assertThat(done.getBoolean("complete")).isTrue();
    }
  }

  @Test
  void shouldReplayTheNewestEventsThatFitForLast() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(subscribe().put("last", 10));
      List<String> ids = new ArrayList<>();
      JsonObject frame;
      while ("event".equals((frame = c.next()).getString("type"))) {
        ids.add(frame.getString("id"));
      }
      assertThat(frame.getString("type")).isEqualTo("replay_complete");
      assertThat(frame.getInteger("count")).isEqualTo(ids.size());
      // The newest that fit in one page, oldest first: a last-N replay is one page.
      assertThat(ids).hasSizeBetween(1, 3)
          .containsExactlyElementsOf(sent.subList(10 - ids.size(), 10).stream().map(HubEvent::id).toList());
    }
  }
}
