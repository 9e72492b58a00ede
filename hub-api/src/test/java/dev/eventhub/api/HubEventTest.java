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
  void shouldFormatEveryTimestampAsJavaTimeDoes() {
    java.time.format.DateTimeFormatter reference = java.time.format.DateTimeFormatter
        .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 10_000; i++) {
      Instant at = Instant.ofEpochMilli(random.nextLong() % 400_000_000_000_000L);
      assertThat(HubEvent.formatTimestamp(at)).as("%s", at).isEqualTo(reference.format(at));
    }
    for (String edge : new String[] {"0000-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "1970-01-01T00:00:00Z",
        "2024-02-29T23:59:59.999Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z"}) {
      Instant at = Instant.parse(edge);
      assertThat(HubEvent.formatTimestamp(at)).as(edge).isEqualTo(reference.format(at));
    }
  }

  @Test
  void shouldEncodeIdsAndKeysAsTheJsonEncoderDoes() {
    for (String value : new String[] {"plain", "caf\u00e9 \u2603", "tab\there", "quote\"", "back\\slash", "\u0001", "/"}) {
      HubEvent e = new HubEvent(value, "c1", "cat", "ev", value, AT, null);
      String quoted = io.vertx.core.json.Json.encode(value);
      assertThat(e.encode()).startsWith("{\"id\":" + quoted + ",").contains(",\"key\":" + quoted + ",");
    }
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
