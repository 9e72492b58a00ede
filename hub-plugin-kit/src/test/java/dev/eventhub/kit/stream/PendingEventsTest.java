package dev.eventhub.kit.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
  /** An event: its cursor, its key (or null) and 10 bytes. */
  record E(String cursor, String key) {}

  static PendingEvents<E> queue(Overflow policy) {
    return new PendingEvents<>(policy, E::cursor, E::key, e -> 10);
  }

  static List<String> drain(PendingEvents<E> q) {
    List<String> out = new ArrayList<>();
    for (E e = q.poll(); e != null; e = q.poll()) {
      out.add(e.cursor());
    }
    return out;
  }

  @Test
  void shouldKeepOnlyTheNewestOfEachKeyInLogOrderAndDropKeylessOnesOldestFirst() {
    PendingEvents<E> q = queue(Overflow.LATEST_PER_KEY);
    q.add(new E("01", "a"));
    q.add(new E("02", null));
    q.add(new E("03", "b"));
    assertThat(q.add(new E("04", "a"))).isZero();
    q.add(new E("05", null));
    assertThat(q.size()).isEqualTo(4);
    assertThat(q.bytes()).isEqualTo(40);
    assertThat(q.superseded()).isEqualTo(1);

    assertThat(q.dropOldest()).isEqualTo(10);
    assertThat(q.dropOldest()).isEqualTo(10);
    assertThat(q.takeGap()).isEqualTo(new PendingEvents.Gap(2, "02", "03"));
    assertThat(q.takeGap()).isNull();
    assertThat(drain(q)).containsExactly("04", "05");
    assertThat(q.bytes()).isZero();
    assertThat(q.dropOldest()).isZero();
  }

  @Test
  void shouldDropTheOldestWhateverTheirKeysUnderDropOldest() {
    PendingEvents<E> q = queue(Overflow.DROP_OLDEST);
    q.add(new E("01", "a"));
    q.add(new E("02", "a"));
    q.add(new E("03", "a"));
    q.dropOldest();
    assertThat(q.takeGap().toJson().encode()).isEqualTo("{\"dropped\":1,\"from\":\"01\",\"to\":\"01\"}");
    assertThat(drain(q)).containsExactly("02", "03");
  }

  @Test
  void shouldNameTheFieldOfAnUnknownPolicy() {
    assertThat(Overflow.parse("field 'overflow'", null)).isEqualTo(Overflow.CLOSE);
    assertThat(Overflow.parse("field 'overflow'", "latest-per-key")).isEqualTo(Overflow.LATEST_PER_KEY);
    assertThatThrownBy(() -> Overflow.parse("field 'overflow'", "newest"))
        .hasMessageContaining("field 'overflow'").hasMessageContaining("'newest'");
  }
}
