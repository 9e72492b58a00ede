package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 24: category and event names checked without a regex, exactly as {@code [a-z0-9-]+} within 64 characters. */
class EventNameTest {
  private static final Pattern RULE = Pattern.compile("[a-z0-9-]{1,64}");

  @Test
  void shouldAcceptExactlyWhatTheRuleAccepts() {
    assertThat(EventDraft.isValidName("order-created-2")).isTrue();
    assertThat(EventDraft.isValidName("a".repeat(64))).isTrue();
    for (String bad : new String[] {null, "", "a".repeat(65), "Order", "a_b", "a.b", "a b", "é", "a/b", "`", "{", ":"}) {
      assertThat(EventDraft.isValidName(bad)).as(String.valueOf(bad)).isFalse();
    }
    // Around every boundary of the allowed ranges, and at random.
    String alphabet = "az09-`{/:@[AZ_.\u00e9\u0430 \n";
    Random random = new Random(24);
    for (int i = 0; i < 20_000; i++) {
      StringBuilder name = new StringBuilder();
      for (int n = random.nextInt(70); n > 0; n--) {
        name.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertThat(EventDraft.isValidName(name.toString())).as(name.toString())
          .isEqualTo(RULE.matcher(name).matches());
    }
  }

  @Test
  void shouldStillRefuseADraftWithABadCategoryNamingIt() {
    assertThatThrownBy(() -> EventDraft.of("Bad", "e", null, null).validate())
        .isInstanceOf(HubException.class).hasMessageContaining("field 'category' must match [a-z0-9-]+");
  }
}
