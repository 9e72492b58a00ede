package dev.eventhub.runtime.cluster.kafka.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.LogEntry;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** Issue 20: the log topic's event records carry attributes; records written before them still decode. */
class RecordCodecTest {
  @Test
  void shouldEncodeAndDecodeAnEventsAttributes() {
    EventDraft draft = EventDraft.of("orders", "created", "k", new JsonObject().put("n", 1))
        .withAttributes(Map.of("agent_id", "a-7", "task_id", "t-1"));
    ProducerRecord<String, byte[]> produced = RecordCodec.event("t", draft, "id-1", "n1:1");
    assertThat(new JsonObject(new String(produced.value(), StandardCharsets.UTF_8)).getJsonObject("attributes"))
        .isEqualTo(new JsonObject().put("agent_id", "a-7").put("task_id", "t-1"));

    LogEntry.Event e = (LogEntry.Event) RecordCodec.decode(consumed(produced.value(), produced));
    assertThat(e.attributes()).isEqualTo(draft.attributes());
    assertThat(e.data()).isEqualTo("{\"n\":1}");
  }

  @Test
  void shouldLeaveAttributesOutOfARecordWithoutThemAndDecodeOldRecords() {
    ProducerRecord<String, byte[]> produced = RecordCodec.event("t", EventDraft.of("orders", "created", null, null),
        "id-1", null);
    assertThat(new String(produced.value(), StandardCharsets.UTF_8)).doesNotContain("attributes");
    // As a hub before issue 20 wrote it.
    byte[] old = "{\"id\":\"x\",\"category\":\"orders\",\"event\":\"created\",\"key\":null,\"data\":{}}"
        .getBytes(StandardCharsets.UTF_8);
    LogEntry.Event e = (LogEntry.Event) RecordCodec.decode(consumed(old, produced));
    assertThat(e.attributes()).isEmpty();
    assertThat(e.id()).isEqualTo("x");
  }

  @Test
  void shouldSkipARecordWithIllTypedAttributes() {
    ProducerRecord<String, byte[]> produced = RecordCodec.event("t", EventDraft.of("orders", "created", null, null),
        "id-1", null);
    byte[] bad = "{\"id\":\"x\",\"category\":\"orders\",\"event\":\"created\",\"data\":{},\"attributes\":[1]}"
        .getBytes(StandardCharsets.UTF_8);
    assertThat(RecordCodec.decode(consumed(bad, produced))).isInstanceOf(LogEntry.Skipped.class);
  }

  private static ConsumerRecord<String, byte[]> consumed(byte[] value, ProducerRecord<String, byte[]> like) {
    return new ConsumerRecord<>("t", 0, 7, 1000, TimestampType.LOG_APPEND_TIME, -1, value.length, like.key(), value,
        like.headers(), Optional.empty());
  }
}
