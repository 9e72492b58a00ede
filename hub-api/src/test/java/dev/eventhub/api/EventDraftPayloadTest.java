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
}
