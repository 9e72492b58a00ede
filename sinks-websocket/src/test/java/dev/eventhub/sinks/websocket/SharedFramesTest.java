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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24: the loops build each {@code event} and {@code events} frame once per pass, WebSocket header
 * included, and write the same bytes to every socket past Netty's encoder. What a client reads must still be
 * the protocol's frames byte for byte (docs/protocol.md), every event once, in log order, for every
 * connection, at each of the three length encodings of a frame's header.
 */
class SharedFramesTest {
  private static final String BIG = "x".repeat(3_000);
  @TempDir Path dir;

  @Test
  void shouldGiveEveryConnectionTheProtocolsFramesByteForByteInLogOrder() {
    try (Fixture f = Fixture.start(dir);
        RawWs single1 = RawWs.open(f.hub, f.hub.token("subscribe:*"));
        RawWs single2 = RawWs.open(f.hub, f.hub.token("subscribe:*"));
        RawWs batch1 = RawWs.open(f.hub, f.hub.token("subscribe:*"));
        RawWs batch2 = RawWs.open(f.hub, f.hub.token("subscribe:*"))) {
      List<String> singles = List.of(subscribe(single1, false), subscribe(single2, false));
      List<String> batches = List.of(subscribe(batch1, true), subscribe(batch2, true));

      List<HubEvent> published = new ArrayList<>(f.publish("docs", "small", 40));
      // 3 KB each, in one commit: the events frames pass 65,535 bytes (the header's 8-byte length).
      List<EventDraft> big = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        big.add(EventDraft.of("docs", "big", "k", new JsonObject().put("i", i).put("text", BIG)));
      }
      published.addAll(TestHub.await(f.hub.hub().publisher().publishAll(big)));

      assertEventFrames(single1, singles.get(0), published);
      assertEventFrames(single2, singles.get(1), published);
      assertEventsFrames(batch1, batches.get(0), published);
      assertEventsFrames(batch2, batches.get(1), published);
    }
  }

  private static String subscribe(RawWs ws, boolean batch) {
    ws.writeText(new JsonObject().put("type", "subscribe").put("id", "s")
        .put("categories", new JsonArray().add("docs")).put("batch", batch).encode());
    JsonObject subscribed = ws.read().json();
    assertThat(subscribed.getString("type")).isEqualTo("subscribed");
    return subscribed.getString("subscription");
  }

  // One frame per event: {"type":"event","subscription":"<id>", then the envelope's fields.
  private static void assertEventFrames(RawWs ws, String subscription, List<HubEvent> published) {
    for (HubEvent event : published) {
      RawWs.Frame frame = ws.read();
      assertThat(frame.opcode()).isEqualTo(RawWs.TEXT);
      assertThat(frame.text()).isEqualTo("{\"type\":\"event\",\"subscription\":\"" + subscription + "\","
          + event.encode().substring(1));
    }
  }

  // Frames of consecutive events, each {"type":"events","subscription":"<id>","events":[<envelopes>]}.
  private static void assertEventsFrames(RawWs ws, String subscription, List<HubEvent> published) {
    String start = "{\"type\":\"events\",\"subscription\":\"" + subscription + "\",\"events\":[";
    int next = 0;
    boolean sawLong = false;
    while (next < published.size()) {
      RawWs.Frame frame = ws.read();
      assertThat(frame.opcode()).isEqualTo(RawWs.TEXT);
      int count = frame.json().getJsonArray("events").size();
      assertThat(count).isPositive();
      StringBuilder expected = new StringBuilder(start);
      for (int i = next; i < next + count; i++) {
        expected.append(i > next ? "," : "").append(published.get(i).encode());
      }
      assertThat(frame.text()).isEqualTo(expected.append("]}").toString());
      sawLong |= frame.payload().length > 65_535;
      next += count;
    }
    assertThat(next).isEqualTo(published.size());
    assertThat(sawLong).as("an events frame past 65,535 bytes").isTrue();
  }
}
