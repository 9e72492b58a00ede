package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubEvent;
import java.nio.charset.StandardCharsets;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramesTest {
  private final HubEvent event = new HubEvent("e-1", "000000000000002a", "scheduler", "schedule-executed", "nightly",
      Instant.parse("2026-11-21T12:34:50.100Z"), new JsonObject().put("text", "caf\u00e9 \u2603"));

  @Test
  void shouldBuildAnEventFrameAroundTheSharedEncoding() {
    JsonObject frame = json(Frames.event("sub-3", Frames.envelope(event), false));
    JsonObject expected = event.toJson().put("type", "event").put("subscription", "sub-3");
    assertThat(frame).isEqualTo(expected);
    assertThat(frame.getString("timestamp")).isEqualTo("2026-11-21T12:34:50.100Z");
  }

  @Test
  void shouldMarkReplayedEvents() {
    JsonObject frame = json(Frames.event("sub-1", Frames.envelope(event), true));
    assertThat(frame.getBoolean("replay")).isTrue();
    assertThat(frame.getJsonObject("data").getString("text")).isEqualTo("caf\u00e9 \u2603");
  }

  @Test
  void shouldPackEventsIntoAnEventsFrame() {
    byte[] envelope = Frames.envelope(event);
    Frames.Batch batch = new Frames.Batch("sub-2").add(envelope, false).add(envelope, true);
    JsonObject frame = new JsonObject(batch.build().toString(StandardCharsets.UTF_8));
    assertThat(batch.count()).isEqualTo(2);
    assertThat(frame.getString("type")).isEqualTo("events");
    assertThat(frame.getString("subscription")).isEqualTo("sub-2");
    assertThat(frame.getJsonArray("events")).isEqualTo(new JsonArray(List.of(event.toJson(),
        event.toJson().put("replay", true))));
  }

  @Test
  void shouldCarryTheRequestIdInReplies() {
    assertThat(Frames.subscribed("s1", "sub-1", List.of("a"), "0000000000000001").toJsonObject()).isEqualTo(
        new JsonObject("{\"type\":\"subscribed\",\"id\":\"s1\",\"subscription\":\"sub-1\",\"categories\":[\"a\"],"
            + "\"cursor\":\"0000000000000001\"}"));
    assertThat(Frames.replayComplete(7, "sub-1", 3, false).toJsonObject()).isEqualTo(
        new JsonObject("{\"type\":\"replay_complete\",\"id\":7,\"subscription\":\"sub-1\",\"count\":3,\"complete\":false}"));
    assertThat(Frames.error(null, ErrorCode.FORBIDDEN, "no").toJsonObject()).isEqualTo(
        new JsonObject("{\"type\":\"error\",\"code\":\"forbidden\",\"message\":\"no\"}"));
  }

  @Test
  void shouldBuildAReplayedEventsFrameFromTheEvent() {
    JsonObject frame = new JsonObject(Frames.replayEvent(Frames.eventPrefix("sub-4"), event).toString(StandardCharsets.UTF_8));
    assertThat(frame).isEqualTo(event.toJson().put("type", "event").put("subscription", "sub-4").put("replay", true));
  }

  private static JsonObject json(byte[] frame) {
    return new JsonObject(new String(frame, StandardCharsets.UTF_8));
  }
}
