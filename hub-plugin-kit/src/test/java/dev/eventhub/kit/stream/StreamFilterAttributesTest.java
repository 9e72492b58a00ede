package dev.eventhub.kit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 20: a subscription's attribute pairs, live and for history alike. */
class StreamFilterAttributesTest {
  @Test
  void shouldMatchEveryPairWithGlobsAndMissingAttributesMatchingNothing() {
    StreamFilter f = new StreamFilter(List.of("a"), List.of(), List.of(),
        StreamRules.attributes("field 'attributes'", new JsonObject().put("agent_id", "a-7").put("task_id", "t-*")));
    assertThat(f.matches(event(Map.of("agent_id", "a-7", "task_id", "t-9")))).isTrue();
    assertThat(f.matches(event(Map.of("agent_id", "a-7", "task_id", "x")))).isFalse();
    assertThat(f.matches(event(Map.of("agent_id", "a-7")))).isFalse();
    assertThat(f.matches(event(Map.of()))).isFalse();
    assertThat(f.patterns()).isEqualTo(3);
    assertThat(f.toEventFilter().attributes()).isEqualTo(Map.of("agent_id", "a-7", "task_id", "t-*"));
    StreamFilter none = new StreamFilter(List.of("a"), List.of(), List.of());
    assertThat(none.matches(event(Map.of()))).isTrue();
    assertThat(none.attributes().isEmpty()).isTrue();
  }

  @Test
  void shouldParseQueryPairsAndRefuseBadOnesWithIllegalArgument() {
    assertThat(StreamRules.attributesFromQuery("parameter 'attr'", List.of("agent_id:a-7")).pairs())
        .isEqualTo(Map.of("agent_id", "a-7"));
    assertThatThrownBy(() -> StreamRules.attributesFromQuery("parameter 'attr'", List.of("x")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("parameter 'attr': 'x' must be name:value");
    assertThatThrownBy(() -> StreamRules.attributes("field 'attributes'", "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("field 'attributes' must be an object");
  }

  private static HubEvent event(Map<String, String> attributes) {
    return new HubEvent("i", "c", "a", "e", null, Instant.EPOCH, null, attributes);
  }
}
