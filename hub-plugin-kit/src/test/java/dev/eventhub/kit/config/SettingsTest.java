package dev.eventhub.kit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void shouldGiveTheFallbackForAbsentKeys() {
    Settings settings = Settings.of(new JsonObject().putNull("n"), "plugins.p");
    assertThat(settings.integer("n", 7, 1, 10)).isEqualTo(7);
    assertThat(settings.integer("missing", 7L, 1, 10)).isEqualTo(7L);
    assertThat(settings.duration("missing", Duration.ofSeconds(3), MS, null)).isEqualTo(Duration.ofSeconds(3));
    assertThat(Settings.of(null, "plugins.p").integer("n", 1, 0, 2)).isEqualTo(1);
  }

  @Test
  void shouldReadValuesWithinTheirRange() {
    Settings settings = Settings.of(new JsonObject().put("n", 10).put("big", 1L << 40).put("d", "2m"), "plugins.p");
    assertThat(settings.integer("n", 0, 1, 10)).isEqualTo(10);
    assertThat(settings.integer("big", 0L, 0, Long.MAX_VALUE)).isEqualTo(1L << 40);
    assertThat(settings.duration("d", null, MS, Duration.ofMinutes(2))).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void shouldNameTheSettingByItsFullPath() {
    Settings root = Settings.of(new JsonObject().put("http", new JsonObject().put("attempts", 0).put("timeout", "0s"))
        .put("n", "ten").put("list", 3), "plugins.p");
    Settings http = root.section("http");
    assertThat(http.path()).isEqualTo("plugins.p.http");
    assertRefused(() -> http.integer("attempts", 1, 1, 5), "setting 'plugins.p.http.attempts' must be an integer from 1 to 5, got 0");
    assertRefused(() -> root.integer("n", 1, 1, 5), "setting 'plugins.p.n' must be an integer");
    assertRefused(() -> http.duration("timeout", MS, MS, null), "'plugins.p.http.timeout'", "at least 1ms", "got '0s'");
    assertRefused(() -> root.section("list"), "setting 'plugins.p.list' must be an object");
  }

  @Test
  void shouldRefuseDurationsOutOfRangeOrUnreadable() {
    Settings settings = Settings.of(new JsonObject().put("long", "2h").put("bad", "soon").put("frac", 1.5), "p");
    assertRefused(() -> settings.duration("long", null, MS, Duration.ofHours(1)), "from 1ms to 3600000ms", "'2h'");
    assertRefused(() -> settings.duration("bad", null, MS, null), "'p.bad'", "'soon'");
    assertRefused(() -> settings.duration("frac", null, MS, null), "'1.5'");
  }

  @Test
  void shouldGiveAnEmptySectionForAnAbsentOne() {
    Settings section = Settings.of(new JsonObject(), "plugins.p").section("http");
    assertThat(section.json()).isEqualTo(new JsonObject());
    assertThat(section.name("timeout")).isEqualTo("plugins.p.http.timeout");
  }

  private static void assertRefused(ThrowingCallable call, String... parts) {
    var thrown = assertThatThrownBy(call).isInstanceOf(IllegalArgumentException.class);
    for (String part : parts) {
      thrown.hasMessageContaining(part);
    }
  }
}
