package dev.eventhub.sinks.websocket.impl;

import dev.eventhub.kit.stream.StreamFilter;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionIndexTest {
  private final SubscriptionIndex index = new SubscriptionIndex();

  @Test
  void shouldFileNamedCategoriesUnderEachNameAndGlobsApart() {
    Subscription named = subscription(1, List.of("scheduler", "dlq"), List.of(), List.of());
    Subscription glob = subscription(2, List.of("sched*", "dlq"), List.of(), List.of());
    index.add(named);
    index.add(glob);

    assertThat(index.named("scheduler")).containsExactly(named);
    assertThat(index.named("dlq")).containsExactly(named);
    assertThat(index.named("workflow")).isEmpty();
    assertThat(index.globs()).containsExactly(glob);
    assertThat(index.size()).isEqualTo(2);

    index.remove(named);
    assertThat(index.named("scheduler")).isEmpty();
    assertThat(index.named("dlq")).isEmpty();
    index.remove(glob);
    assertThat(index.globs()).isEmpty();
    assertThat(index.size()).isZero();
  }

  @Test
  void shouldMatchCategoryEventAndKeyTogether() {
    StreamFilter filter = new StreamFilter(List.of("sched*"), List.of("schedule-*"), List.of("nightly"));
    assertThat(filter.matches(event("scheduler", "schedule-executed", "nightly"))).isTrue();
    assertThat(filter.matches(event("workflow", "schedule-executed", "nightly"))).isFalse();
    assertThat(filter.matches(event("scheduler", "job-done", "nightly"))).isFalse();
    assertThat(filter.matches(event("scheduler", "schedule-executed", "hourly"))).isFalse();
    assertThat(filter.matches(event("scheduler", "schedule-executed", null))).isFalse();

    StreamFilter all = new StreamFilter(List.of("*"), List.of("*"), List.of());
    assertThat(all.matches(event("anything", "any", null))).isTrue();
    assertThat(all.toEventFilter().events()).isEmpty();
  }

  static Subscription subscription(int n, List<String> categories, List<String> events, List<String> keys) {
    return new Subscription(n, new StreamFilter(categories, events, keys), false, null, 1 << 20);
  }

  static HubEvent event(String category, String type, String key) {
    return new HubEvent("id", "0000000000000001", category, type, key, Instant.now(), new JsonObject());
  }
}
