package dev.eventhub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HubEventTest {
  private static final Instant AT = Instant.parse("2026-11-21T12:34:50.100Z");

  @Test
  void shouldWriteTimestampsWithExactlyThreeFractionDigits() {
    HubEvent e = new HubEvent("i", "000000000000042a", "scheduler", "schedule-executed", "k", AT, null);
    assertThat(e.timestampText()).isEqualTo("2026-11-21T12:34:50.100Z");
    assertThat(HubEvent.formatTimestamp(Instant.parse("2026-11-21T12:34:50Z"))).isEqualTo("2026-11-21T12:34:50.000Z");
    assertThat(new HubEvent("i", "c", "a", "b", null, Instant.parse("2026-11-21T12:34:50.123456Z"), null)
        .timestampText()).isEqualTo("2026-11-21T12:34:50.123Z");
  }

  @Test
  void shouldEncodeTheEnvelopeAsValidJsonWithEscapedIdsAndKeys() {
    HubEvent e = new HubEvent("id \"quoted\"", "c1", "cat", "ev", "key\nline", AT, new JsonObject().put("n", 1));
    JsonObject parsed = new JsonObject(e.encode());
    assertThat(parsed.getString("id")).isEqualTo("id \"quoted\"");
    assertThat(parsed.getString("key")).isEqualTo("key\nline");
    assertThat(parsed.getJsonObject("data").getInteger("n")).isEqualTo(1);
    assertThat(parsed).isEqualTo(e.toJson());
    assertThat(HubEvent.fromJson(parsed)).isEqualTo(e);
    assertThat(new JsonObject(new HubEvent("i", "c", "a", "b", null, AT, null).encode()).getValue("key")).isNull();
  }

  @Test
  void shouldNotChangeWhenTheCallerChangesItsPayload() {
    JsonObject data = new JsonObject().put("n", 1);
    HubEvent e = new HubEvent("i", "c", "a", "b", null, AT, data);
    data.put("n", 2);
    e.data().put("n", 3);
    assertThat(e.data().getInteger("n")).isEqualTo(1);
  }

  @Test
  void shouldServeEncodedDataWithoutParsingAndParseItOnDemand() {
    HubEvent e = HubEvent.withEncodedData("i", "c", "a", "b", null, AT, "{\"n\":5}");
    assertThat(e.encode()).endsWith("\"data\":{\"n\":5}}");
    assertThat(e.data().getInteger("n")).isEqualTo(5);
  }

  @Test
  void shouldRejectAnEnvelopeWithoutItsRequiredFields() {
    assertThatThrownBy(() -> HubEvent.fromJson(new JsonObject().put("id", "x")))
        .isInstanceOf(HubException.class).hasMessageContaining("'cursor' is required");
  }
}
