package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Issue 24: a draft's payload encoded without a copy, and still immutable from outside. */
class EventDraftPayloadTest {
  @Test
  void shouldEncodeThePayloadAsTheDraftHoldsIt() {
    JsonObject data = new JsonObject().put("n", 1).put("list", new JsonArray().add("é\"x")).putNull("none");
    EventDraft draft = EventDraft.of("c", "e", null, data);
    data.put("n", 2);
    ((JsonArray) data.getValue("list")).add("later");
    assertThat(draft.encodeData()).isEqualTo("{\"n\":1,\"list\":[\"é\\\"x\"],\"none\":null}");
    assertThat(new JsonObject(draft.encodeData())).isEqualTo(draft.data());
    assertThat(EventDraft.of("c", "e", null, null).encodeData()).isEqualTo("{}");
  }

  @Test
  void shouldStillHandOutCopiesOfThePayload() {
    EventDraft draft = EventDraft.of("c", "e", null, new JsonObject().put("n", 1));
    draft.data().put("n", 2);
    assertThat(draft.encodeData()).isEqualTo("{\"n\":1}");
  }

  @Test
  void shouldEncodeEveryJsonTypeAsJsonObjectEncodeDoes() {
    JsonObject data = new JsonObject().put("s", "tab\t nl\n quote\" back\\ ctl\u0001 é 😀 </script>")
        .put("i", 7).put("l", Long.MIN_VALUE).put("d", 0.1).put("big", 1e300).put("f", 1.5f)
        .put("bd", new java.math.BigDecimal("12345678901234567890.000001"))
        .put("bi", new java.math.BigInteger("123456789012345678901234567890")).put("t", true).put("no", false)
        .putNull("null").put("bytes", new byte[] {1, 2, (byte) 255}).put("at", java.time.Instant.ofEpochMilli(1234))
        .put("o", new JsonObject().put("a", new JsonArray().add(1).add("x").addNull().add(new JsonObject())))
        .put("map", new java.util.LinkedHashMap<>(java.util.Map.of("k", 1)))
        .put("list", java.util.List.of(1, "two"));
    assertThat(EventDraft.of("c", "e", null, data).encodeData()).isEqualTo(data.encode());
  }
}
