package dev.eventhub.kit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveGateTest {
  private final List<String> delivered = new ArrayList<>();
  // Events are their own cursors here; each takes 10 bytes while held.
  private final LiveGate<String> gate = new LiveGate<>(30, c -> c, c -> 10, delivered::add);

  @Test
  void shouldHoldUntilLiveThenDeliverOnlyWhatFollowsTheFloor() {
    gate.receive("0003");
    gate.receive("0004");
    gate.receive("0005");
    assertThat(delivered).isEmpty();

    gate.goLive("0004");
    gate.receive("0006");

    assertThat(delivered).containsExactly("0005", "0006");
    assertThat(gate.takeOverflow()).isFalse();
  }

  @Test
  void shouldDropWhatItHoldsAndSaySoWhenMoreArrivesThanTheBudget() {
    for (String c : List.of("01", "02", "03", "04")) {
      gate.receive(c);
    }
    assertThat(gate.takeOverflow()).isTrue();
    assertThat(gate.takeOverflow()).as("told once").isFalse();
    gate.receive("05");
    gate.goLive("04");
    assertThat(delivered).containsExactly("05");
  }

  @Test
  void shouldDeliverNothingOnceClosed() {
    gate.receive("01");
    gate.close();
    gate.goLive(null);
    gate.receive("02");
    assertThat(delivered).isEmpty();
    assertThat(gate.closed()).isTrue();
  }

  @Test
  void shouldCheckRequestValuesWithTheNameItIsGiven() {
    assertThatThrownBy(() -> StreamRules.checkPatterns("parameter 'events'", List.of("Bad!")))
        .hasMessageStartingWith("parameter 'events': 'Bad!' must be a name or a glob");
    assertThatThrownBy(() -> StreamRules.checkLast("field 'last'", 0)).hasMessage("field 'last' must be an integer from 1 to 1000");
    assertThatThrownBy(() -> StreamRules.checkKeys("k", List.of(""))).hasMessageStartingWith("k: each key must be 1 to");
    StreamRules.checkPatterns("p", List.of("orders", "billing-*", "*"));
  }
}
