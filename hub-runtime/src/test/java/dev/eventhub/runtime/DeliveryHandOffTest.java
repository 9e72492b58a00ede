package dev.eventhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 3: a small group is put on the event bus by the thread that committed it (one thread
 * crossing less), a large one by the delivery context (the writer's CPU is the log's); either way every
 * group goes out in commit order.
 */
class DeliveryHandOffTest {
  private final Queue<Runnable> deliveryContext = new ArrayDeque<>();
  private final List<String> published = new ArrayList<>();
  private final List<String> handedOffFirsts = new ArrayList<>();
  private final DeliveryHandOff<String> handOff = new DeliveryHandOff<>(deliveryContext::add, 2,
      group -> published.addAll(group), group -> handedOffFirsts.add(group.get(0)));

  @Test
  void shouldPublishASmallGroupOnTheCommittingThreadWhenNothingWaits() {
    handOff.deliver(List.of("a", "b"));

    assertThat(published).containsExactly("a", "b");
    assertThat(deliveryContext).isEmpty();
    assertThat(handedOffFirsts).containsExactly("a");
  }

  @Test
  void shouldHandALargeGroupToTheDeliveryContext() {
    handOff.deliver(List.of("a", "b", "c"));

    assertThat(published).isEmpty();
    runDeliveryContext();
    assertThat(published).containsExactly("a", "b", "c");
    assertThat(handedOffFirsts).containsExactly("a");
  }

  @Test
  void shouldKeepCommitOrderWhenASmallGroupFollowsOneStillWaitingOnTheDeliveryContext() {
    handOff.deliver(List.of("a", "b", "c"));
    handOff.deliver(List.of("d"));

    assertThat(published).as("d must not overtake a, b, c").isEmpty();
    runDeliveryContext();
    assertThat(published).containsExactly("a", "b", "c", "d");

    handOff.deliver(List.of("e"));
    assertThat(published).as("nothing waits any more: published at once").endsWith("e");
    assertThat(deliveryContext).isEmpty();
  }

  private void runDeliveryContext() {
    Runnable task;
    while ((task = deliveryContext.poll()) != null) {
      task.run();
    }
  }
}
