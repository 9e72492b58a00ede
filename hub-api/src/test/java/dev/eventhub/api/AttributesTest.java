package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 20: attributes on drafts, recorded events and filters. */
class AttributesTest {
  private static final Instant AT = Instant.parse("2026-11-21T12:34:50.100Z");

  @Test
  void shouldKeepTheFiveArgumentDraftWithoutAttributes() {
    EventDraft d = new EventDraft(null, "a", "b", null, null);
    assertThat(d.attributes()).isEmpty();
    assertThat(EventDraft.of("a", "b", null, null).attributes()).isEmpty();
  }

  @Test
  void shouldCarryAttributesImmutablyThroughWithMethods() {
    Map<String, String> given = new HashMap<>(Map.of("agent_id", "a-7"));
    EventDraft d = EventDraft.of("a", "b", "k", null).withAttributes(given).withAttribute("task_id", "t-1").withId("x");
    given.put("other", "v");
    assertThat(d.attributes()).containsExactly(Map.entry("agent_id", "a-7"), Map.entry("task_id", "t-1"));
    assertThat(d.id()).isEqualTo("x");
    assertThatThrownBy(() -> d.attributes().put("z", "z")).isInstanceOf(UnsupportedOperationException.class);
    d.validate();
  }

  @Test
  void shouldAddAnOptionalAttributeOnlyWhenItHasAValueWithinTheLimit() {
    EventDraft d = EventDraft.of("a", "b", "k", null);
    assertThat(d.withOptionalAttribute("job_id", null)).isSameAs(d);
    assertThat(d.withOptionalAttribute("job_id", "x".repeat(EventDraft.MAX_ATTRIBUTE_VALUE_LENGTH + 1))).isSameAs(d);
    assertThat(d.withOptionalAttribute("job_id", "j-1").attributes()).containsExactly(Map.entry("job_id", "j-1"));
  }

  @Test
  void shouldRefuseEachLimitNamingIt() {
    Map<String, String> many = new HashMap<>();
    for (int i = 0; i < EventDraft.MAX_ATTRIBUTES + 1; i++) {
      many.put("n" + i, "v");
    }
    assertThatThrownBy(() -> EventDraft.of("a", "b", null, null).withAttributes(many).validate())
        .isInstanceOf(HubException.class).hasMessageContaining("at most 16 attributes");
    assertThatThrownBy(() -> EventDraft.of("a", "b", null, null).withAttribute("Bad!", "v").validate())
        .hasMessageContaining("attribute name 'Bad!' must match [a-z0-9_.-]{1,64}");
    assertThatThrownBy(() -> EventDraft.of("a", "b", null, null).withAttribute("x".repeat(65), "v").validate())
        .hasMessageContaining("must match [a-z0-9_.-]{1,64}");
    assertThatThrownBy(() -> EventDraft.of("a", "b", null, null).withAttribute("big", "v".repeat(257)).validate())
        .hasMessageContaining("attribute 'big'").hasMessageContaining("at most 256 characters");
    EventDraft.of("a", "b", null, null).withAttribute("x".repeat(64), "v".repeat(256)).validate();
    Map<String, String> sixteen = new HashMap<>(many);
    sixteen.remove("n0");
    EventDraft.of("a", "b", null, null).withAttributes(sixteen).validate();
  }

  @Test
  void shouldParseADraftFromTheHubsJson() {
    EventDraft d = EventDraft.fromJson(new JsonObject().put("category", "c").put("event", "e").put("key", "k")
        .put("id", "i").put("data", new JsonObject().put("n", 1))
        .put("attributes", new JsonObject().put("agent_id", "a-7")));
    assertThat(d).isEqualTo(new EventDraft("i", "c", "e", "k", new JsonObject().put("n", 1), Map.of("agent_id", "a-7")));
    assertThat(EventDraft.fromJson(new JsonObject().put("category", "c").put("event", "e")).attributes()).isEmpty();
    assertThatThrownBy(() -> EventDraft.fromJson(new JsonObject().put("category", "c").put("event", "e")
        .put("attributes", "x"))).hasMessage("field 'attributes' must be an object of string values");
    assertThatThrownBy(() -> EventDraft.fromJson(new JsonObject().put("category", "c").put("event", "e")
        .put("attributes", new JsonObject().put("n", 1)))).hasMessage("attribute 'n' must be a string");
    assertThatThrownBy(() -> EventDraft.fromJson(new JsonObject().put("event", "e")))
        .hasMessage("field 'category' is required");
  }

  @Test
  void shouldEncodeAttributesOnlyWhenThereAreSome() {
    HubEvent plain = new HubEvent("i", "c1", "a", "b", null, AT, new JsonObject());
    assertThat(plain.encode()).doesNotContain("attributes");
    assertThat(plain.toJson().containsKey("attributes")).isFalse();
    assertThat(plain.attributes()).isEmpty();

    HubEvent e = new HubEvent("i", "c1", "a", "b", "k", AT, new JsonObject().put("n", 1),
        Map.of("task_id", "t-\"1", "agent_id", "a-7"));
    assertThat(e.encode()).isEqualTo("{\"id\":\"i\",\"cursor\":\"c1\",\"category\":\"a\",\"event\":\"b\",\"key\":\"k\","
        + "\"attributes\":{\"agent_id\":\"a-7\",\"task_id\":\"t-\\\"1\"},\"timestamp\":\"2026-11-21T12:34:50.100Z\","
        + "\"data\":{\"n\":1}}");
    assertThat(new JsonObject(e.encode())).isEqualTo(e.toJson());
    HubEvent back = HubEvent.fromJson(new JsonObject(e.encode()));
    assertThat(back.attributes()).isEqualTo(e.attributes());
    assertThat(back.encode()).isEqualTo(e.encode());
    HubEvent stored = HubEvent.withEncodedData("i", "c1", "a", "b", "k", AT, "{\"n\":1}", e.attributes());
    assertThat(stored.encode()).isEqualTo(e.encode());
    assertThatThrownBy(() -> HubEvent.fromJson(new JsonObject(plain.encode()).put("attributes", "x")))
        .isInstanceOf(HubException.class);
  }

  @Test
  void shouldMatchEveryAttributePairWithGlobs() {
    EventFilter f = new EventFilter(List.of("*"), List.of(), List.of(), Map.of("agent_id", "a-7", "task_id", "t-*"));
    assertThat(f.matches(event(Map.of("agent_id", "a-7", "task_id", "t-1", "x", "y")))).isTrue();
    assertThat(f.matches(event(Map.of("agent_id", "a-7", "task_id", "u-1")))).isFalse();
    assertThat(f.matches(event(Map.of("agent_id", "a-7")))).as("missing attribute").isFalse();
    assertThat(f.matches(event(Map.of()))).isFalse();
    assertThat(new EventFilter(List.of("*"), List.of(), List.of()).attributes()).isEmpty();
    assertThat(new EventFilter(List.of("*"), List.of(), List.of()).matches(event(Map.of()))).isTrue();
  }

  @Test
  void shouldCompileAttributeFiltersFromJsonAndQueries() {
    AttributeFilter f = AttributeFilter.fromJson("field 'attributes'",
        new JsonObject().put("agent_id", "a-7").put("task_id", "t-*"));
    assertThat(f.matches(event(Map.of("agent_id", "a-7", "task_id", "t-1")))).isTrue();
    assertThat(f.matches(event(Map.of("agent_id", "a-8", "task_id", "t-1")))).isFalse();
    assertThat(f.matches(event(Map.of("task_id", "t-1")))).isFalse();
    assertThat(AttributeFilter.fromQuery("query parameter 'attr'", List.of("agent_id:a-7", "task_id:t-*")))
        .isEqualTo(f);
    assertThat(AttributeFilter.fromQuery("p", List.of("url:http://x:1")).pairs()).containsEntry("url", "http://x:1");
    assertThat(AttributeFilter.fromJson("f", null)).isSameAs(AttributeFilter.NONE);
    assertThat(AttributeFilter.NONE.matches(event(Map.of()))).isTrue();
    assertThatThrownBy(() -> AttributeFilter.fromQuery("query parameter 'attr'", List.of("agent_id")))
        .hasMessageStartingWith("query parameter 'attr': 'agent_id' must be name:value");
    assertThatThrownBy(() -> AttributeFilter.fromQuery("p", List.of("a:1", "a:2"))).hasMessage("p: attribute 'a' is named twice");
    assertThatThrownBy(() -> AttributeFilter.fromQuery("p", List.of("A:1"))).hasMessageContaining("attribute name 'A'");
    assertThatThrownBy(() -> AttributeFilter.fromJson("f", new JsonObject().put("a", 1)))
        .hasMessage("f: the value of attribute 'a' must be a string");
    assertThatThrownBy(() -> AttributeFilter.fromJson("f", "x")).hasMessageStartingWith("f must be an object");
    assertThatThrownBy(() -> AttributeFilter.fromJson("f", new JsonObject().put("a", "v".repeat(257))))
        .hasMessageContaining("at most 256 characters");
  }

  @Test
  void shouldMapACloudEventsStringExtensionsToAttributesAndKeepTheWholeEventInData() {
    JsonObject ce = new JsonObject().put("specversion", "1.0").put("id", "c-1").put("source", "/orders")
        .put("type", "created").put("agentid", "a-7").put("retries", 3).put("urgent", true)
        .put("data", new JsonObject().put("n", 1));
    EventDraft d = dev.eventhub.api.cloudevents.CloudEvents.fromStructured(ce);
    assertThat(d.attributes()).isEqualTo(Map.of("agentid", "a-7"));
    assertThat(d.data()).isEqualTo(ce);
    JsonObject big = ce.copy().put("notes", "v".repeat(257));
    assertThatThrownBy(() -> dev.eventhub.api.cloudevents.CloudEvents.fromStructured(big))
        .isInstanceOf(HubException.class).hasMessageContaining("attribute 'notes' must be at most 256 characters");
  }

  private static HubEvent event(Map<String, String> attributes) {
    return new HubEvent("i", "c1", "a", "b", null, AT, null, attributes);
  }
}
