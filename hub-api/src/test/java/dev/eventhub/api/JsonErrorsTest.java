package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import org.junit.jupiter.api.Test;

class JsonErrorsTest {
  private static String describe(String text) {
    return JsonErrors.describe(catchThrowableOfType(DecodeException.class, () -> Json.decodeValue(text)));
  }

  @Test
  void shouldGiveTheReasonAndPositionOnOneLineWithoutTheEchoedSource() {
    assertThat(describe("{\"a\":1,}"))
        .isEqualTo("Unexpected character ('}' (code 125)): was expecting double-quote to start field name (line 1, column 8)");
  }

  @Test
  void shouldNotNameTheParsersClassesForItsLimits() {
    assertThat(describe("[".repeat(1500) + "]".repeat(1500)))
        .contains("nesting depth").doesNotContain("StreamReadConstraints").doesNotContain("`").doesNotContain("\n");
    assertThat(describe("9".repeat(3000)))
        .contains("exceeds the maximum").doesNotContain("StreamReadConstraints").doesNotContain("`");
  }

  @Test
  void shouldBeShortForAnyInput() {
    assertThat(describe("\"" + "x".repeat(10_000))).hasSizeLessThan(300).doesNotContain("\n");
  }
}
