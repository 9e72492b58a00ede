package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.sinks.websocket.impl.Request.Ping;
import dev.eventhub.sinks.websocket.impl.Request.Subscribe;
import dev.eventhub.sinks.websocket.impl.Request.Unsubscribe;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestParserTest {
  @Test
  void shouldParseASubscribeWithEveryField() {
    Request r = RequestParser.parse("{\"type\":\"subscribe\",\"id\":\"s1\",\"categories\":[\"scheduler\",\"dl*\",\"scheduler\"],"
        + "\"events\":[\"schedule-*\"],\"keys\":[\"nightly\"],\"since\":\"000000000000042a\",\"batch\":true}");
    assertThat(r).isEqualTo(new Subscribe("s1", List.of("scheduler", "dl*"), List.of("schedule-*"), List.of("nightly"),
        "000000000000042a", null, true));
    assertThat(((Subscribe) r).replays()).isTrue();
  }

  @Test
  void shouldDefaultTheOptionalFieldsOfASubscribe() {
    Subscribe s = (Subscribe) RequestParser.parse("{\"type\":\"subscribe\",\"categories\":[\"a\"],\"last\":7,"
        + "\"events\":null}");
    assertThat(s).isEqualTo(new Subscribe(null, List.of("a"), List.of(), List.of(), null, 7, false));
  }

  @Test
  void shouldParseUnsubscribeAndPingKeepingTheIdAsSent() {
    assertThat(RequestParser.parse("{\"type\":\"unsubscribe\",\"id\":3,\"subscription\":\"sub-2\"}"))
        .isEqualTo(new Unsubscribe(3, "sub-2"));
    assertThat(RequestParser.parse("{\"type\":\"ping\",\"id\":\"p\",\"extra\":true}")).isEqualTo(new Ping("p"));
  }

  @Test
  void shouldSayWhatIsWrongWithABadRequest() {
    assertBad("nope", null, "not JSON");
    assertBad("[]", null, "JSON object");
    assertBad("{\"type\":\"ping\",\"id\":[1]}", null, "'id'");
    assertBad("{\"id\":\"x\"}", "x", "'type' is required");
    assertBad("{\"id\":\"x\",\"type\":\"sub\"}", "x", "unknown type 'sub'");
    assertBad("{\"id\":\"x\",\"type\":\"subscribe\",\"categories\":[\"A\"]}", "x", "'categories'");
    assertBad("{\"id\":\"x\",\"type\":\"subscribe\",\"categories\":[\"a\"],\"events\":[\"" + "e".repeat(65) + "\"]}", "x",
        "'events'");
    assertBad("{\"id\":\"x\",\"type\":\"subscribe\",\"categories\":[\"a\"],\"keys\":[\"" + "k".repeat(257) + "\"]}", "x",
        "'keys'");
    assertBad("{\"id\":\"x\",\"type\":\"subscribe\",\"categories\":[\"a\"],\"last\":1001}", "x", "'last'");
    assertBad("{\"id\":\"x\",\"type\":\"subscribe\",\"categories\":[\"a\"],\"last\":2,\"since\":\"c\"}", "x", "combined");
    assertBad("{\"id\":\"x\",\"type\":\"subscribe\",\"categories\":" + manyCategories() + "}", "x", "at most 1000");
    assertBad("{\"id\":\"x\",\"type\":\"unsubscribe\"}", "x", "'subscription' is required");
  }

  private static String manyCategories() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i <= RequestParser.MAX_LIST_SIZE; i++) {
      sb.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
    }
    return sb.append(']').toString();
  }

  private static void assertBad(String text, Object id, String messagePart) {
    RequestError e = catchThrowableOfType(() -> RequestParser.parse(text), RequestError.class);
    assertThat(e).as(text).isNotNull();
    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
    assertThat(e.id()).isEqualTo(id);
    assertThat(e.getMessage()).contains(messagePart);
  }
}
