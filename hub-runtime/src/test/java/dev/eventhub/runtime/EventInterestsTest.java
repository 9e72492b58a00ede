package dev.eventhub.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Issue 24: which categories go on the event bus, as consumers want, narrow and stop. */
class EventInterestsTest {
  final EventInterests interests = new EventInterests();

  @Test
  void shouldWantNothingWithoutConsumers() {
    assertThat(interests.wants("orders")).isFalse();
  }

  @Test
  void shouldWantEverythingUntilAConsumerNarrows() {
    EventInterests.Owner plugin = interests.owner();
    assertThat(interests.wants("orders")).isTrue();
    plugin.narrow();
    assertThat(interests.wants("orders")).isFalse();
    plugin.narrow();
    assertThat(interests.wants("orders")).isFalse();
  }

  @Test
  void shouldCountWantsPerCategoryAcrossConsumers() {
    EventInterests.Owner a = interests.owner();
    EventInterests.Owner b = interests.owner();
    a.narrow();
    b.narrow();
    a.want("orders");
    a.want("orders");
    b.want("orders");
    a.unwant("orders");
    a.unwant("orders");
    assertThat(interests.wants("orders")).isTrue();
    assertThat(interests.wants("payments")).isFalse();
    b.unwant("orders");
    assertThat(interests.wants("orders")).isFalse();
    // One never wanted changes nothing, and cannot take another consumer's want away.
    b.want("orders");
    a.unwant("orders");
    assertThat(interests.wants("orders")).isTrue();
  }

  @Test
  void shouldTakeAGlobAsEveryCategory() {
    EventInterests.Owner a = interests.owner();
    a.narrow();
    a.want("ord*");
    assertThat(interests.wants("payments")).isTrue();
    a.unwant("ord*");
    assertThat(interests.wants("payments")).isFalse();
  }

  @Test
  void shouldWithdrawEverythingWhenAConsumerCloses() {
    EventInterests.Owner wide = interests.owner();
    EventInterests.Owner narrow = interests.owner();
    narrow.narrow();
    narrow.want("orders");
    narrow.want("*");
    wide.close();
    assertThat(interests.wants("payments")).isTrue();
    narrow.close();
    assertThat(interests.wants("orders")).isFalse();
    assertThat(interests.wants("payments")).isFalse();
    // A closed consumer registers nothing more.
    narrow.want("orders");
    assertThat(interests.wants("orders")).isFalse();
    narrow.close();
    assertThat(interests.wants("orders")).isFalse();
  }

  @Test
  void shouldRefuseANullCategory() {
    assertThatThrownBy(() -> interests.owner().want(null)).isInstanceOf(NullPointerException.class);
  }
}
