package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 24: the {@code published} answer is built as text; every id, plain or one that needs escaping, reads back. */
class PublishedFrameTest {
  @Test
  void shouldWriteEveryIdAndCursorAsJsonStrings() {
    List<String> ids = List.of("0193a4b2-7c1e-7d00-8f00-000000000001", "quote\"d", "back\\slash", "tab\there",
        "caf\u00e9 \u2603", "ctl\u0001", "del\u007f");
    List<HubEvent> events = ids.stream().map(id -> new HubEvent(id, "000000000000002a", "c", "e", null,
        Instant.parse("2026-11-21T12:34:50.100Z"), new JsonObject())).toList();
    JsonObject frame = new JsonObject(Publisher.published("r-1", events).toString());
    assertThat(frame.getString("type")).isEqualTo("published");
    assertThat(frame.getString("id")).isEqualTo("r-1");
    JsonArray results = frame.getJsonArray("results");
    assertThat(results).hasSize(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      assertThat(results.getJsonObject(i).getString("id")).isEqualTo(ids.get(i));
      assertThat(results.getJsonObject(i).getString("cursor")).isEqualTo("000000000000002a");
    }
    assertThat(Publisher.published(null, events.subList(0, 1)).toString())
        .isEqualTo("{\"type\":\"published\",\"results\":[{\"id\":\"0193a4b2-7c1e-7d00-8f00-000000000001\","
            + "\"cursor\":\"000000000000002a\"}]}");
  }
}
