package dev.eventhub.kit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class FieldsTest {
  private static final Pattern LOWER = Pattern.compile("[a-z]+");

  @Test
  void shouldAcceptIdsOfTheSafeCharacters() {
    assertThat(Fields.id("job_id", "a-B.c_9:x")).isEqualTo("a-B.c_9:x");
    assertThat(Fields.id("job_id", "x".repeat(Fields.MAX_ID_LENGTH))).hasSize(Fields.MAX_ID_LENGTH);
  }

  @Test
  void shouldRefuseIdsNamingTheField() {
    assertBadRequest(() -> Fields.id("job_id", null), "'job_id' is required");
    assertBadRequest(() -> Fields.id("job_id", 7), "'job_id' must be a string");
    assertBadRequest(() -> Fields.id("job_id", ""), "'job_id' must be 1 to 128");
    assertBadRequest(() -> Fields.id("job_id", "a/b"), "got 'a/b'");
    assertBadRequest(() -> Fields.id("job_id", "x".repeat(200)), "x".repeat(40) + "...'");
  }

  @Test
  void shouldReadStringsWithinTheirLengths() {
    JsonObject json = new JsonObject().put("label", "abc").put("empty", "");
    assertThat(Fields.string(json, "label", true, 3)).isEqualTo("abc");
    assertThat(Fields.string(json, "missing", false, 3)).isNull();
    assertThat(Fields.string(json, "empty", false, 0, 3)).isEmpty();
    assertBadRequest(() -> Fields.string(json, "label", true, 2), "'label' must be 1 to 2 characters");
    assertBadRequest(() -> Fields.string(json, "empty", false, 3), "'empty' must be 1 to 3 characters");
    assertBadRequest(() -> Fields.string(json, "missing", true, 3), "'missing' is required");
    assertBadRequest(() -> Fields.string(new JsonObject().put("n", 1), "n", true, 3), "'n' must be a string");
  }

  @Test
  void shouldNameANestedFieldByItsPath() {
    JsonObject origin = new JsonObject().put("plugin", 3);
    assertBadRequest(() -> Fields.string(origin, "plugin", "origin.plugin", true, 10), "'origin.plugin' must be a string");
    assertBadRequest(() -> Fields.string(origin, "address", "origin.address", true, 10), "'origin.address' is required");
    assertBadRequest(() -> Fields.object(origin, "plugin", "origin.plugin", false), "'origin.plugin' must be a JSON object");
    assertBadRequest(() -> Fields.integer(new JsonObject().put("attempts", "3"), "attempts", "retry.attempts", 1, 1, 9),
        "'retry.attempts' must be an integer from 1 to 9");
  }

  @Test
  void shouldCheckStringsAgainstAPattern() {
    JsonObject json = new JsonObject().put("id", "abc").put("bad", "ABC");
    assertThat(Fields.matching(json, "id", true, 64, LOWER)).isEqualTo("abc");
    assertThat(Fields.matching(json, "none", false, 64, LOWER)).isNull();
    assertBadRequest(() -> Fields.matching(json, "bad", true, 64, LOWER), "'bad' must match [a-z]+, got 'ABC'");
  }

  @Test
  void shouldReadListsOfStringsMatchingAPattern() {
    JsonObject json = new JsonObject().put("tags", new JsonArray().add("a").add("b")).put("none", new JsonArray());
    assertThat(Fields.strings(json, "tags", true, 2, LOWER)).isEqualTo(List.of("a", "b"));
    assertThat(Fields.strings(json, "none", false, 2, LOWER)).isEmpty();
    assertThat(Fields.strings(json, "missing", false, 2, LOWER)).isNull();
    assertBadRequest(() -> Fields.strings(json, "tags", true, 1, LOWER), "'tags' must be an array of 1 to 1 strings");
    assertBadRequest(() -> Fields.strings(json, "none", true, 2, LOWER), "must be an array of 1 to 2");
    assertBadRequest(() -> Fields.strings(new JsonObject().put("tags", new JsonArray().add("A")), "tags", true, 2,
        LOWER), "'A' must match");
    assertBadRequest(() -> Fields.strings(new JsonObject().put("tags", "a"), "tags", true, 2, LOWER), "array");
  }

  @Test
  void shouldReadIntegersWithinTheirRange() {
    JsonObject json = new JsonObject().put("n", 5).put("big", Long.MAX_VALUE);
    assertThat(Fields.integer(json, "n", true, 0, 10)).isEqualTo(5L);
    assertThat(Fields.integer(json, "missing", false, 0, 10)).isNull();
    assertThat(Fields.integer(json, "big", true, 0, Long.MAX_VALUE)).isEqualTo(Long.MAX_VALUE);
    assertThat(Fields.integer(json, "n", 1, 0, 10)).isEqualTo(5);
    assertThat(Fields.integer(json, "missing", 7, 0, 10)).isEqualTo(7);
  }

  @Test
  void shouldRefuseIntegersOutOfRangeOrOfAnotherType() {
    JsonObject json = new JsonObject().put("n", 11).put("d", 1.5).put("s", "1")
        .put("huge", new BigInteger("123456789012345678901234567890"));
    assertBadRequest(() -> Fields.integer(json, "n", true, 0, 10), "'n' must be an integer from 0 to 10, got 11");
    assertBadRequest(() -> Fields.integer(json, "n", 0, 0, 10), "got 11");
    assertBadRequest(() -> Fields.integer(json, "d", true, 0, 10), "'d' must be an integer");
    assertBadRequest(() -> Fields.integer(json, "s", 0, 0, 10), "'s' must be an integer");
    assertBadRequest(() -> Fields.integer(json, "huge", true, 0, Long.MAX_VALUE), "got 123456789012345678901234567890");
    assertBadRequest(() -> Fields.integer(json, "missing", true, 0, 10), "'missing' is required");
  }

  @Test
  void shouldReadObjects() {
    JsonObject inner = new JsonObject().put("a", 1);
    JsonObject json = new JsonObject().put("o", inner).put("s", "x");
    assertThat(Fields.object(json, "o", true)).isEqualTo(inner);
    assertThat(Fields.object(json, "missing", false)).isNull();
    assertBadRequest(() -> Fields.object(json, "s", false), "'s' must be a JSON object");
    assertBadRequest(() -> Fields.object(json, "missing", true), "'missing' is required");
  }

  @Test
  void shouldReadInstantsInUtc() {
    Instant fallback = Instant.EPOCH;
    JsonObject json = new JsonObject().put("at", "2026-11-21T12:34:56.789Z").put("bad", "yesterday").put("n", 3);
    assertThat(Fields.instant(json, "at", fallback)).isEqualTo(Instant.parse("2026-11-21T12:34:56.789Z"));
    assertThat(Fields.instant(json, "missing", fallback)).isSameAs(fallback);
    assertBadRequest(() -> Fields.instant(json, "bad", fallback), "'bad' must be an ISO-8601 UTC instant");
    assertBadRequest(() -> Fields.instant(json, "n", fallback), "got '3'");
  }

  @Test
  void shouldReadIntegerQueryParameters() {
    assertThat(Fields.queryInt("limit", null, 20, 1, 100)).isEqualTo(20);
    assertThat(Fields.queryInt("limit", " 7 ", 20, 1, 100)).isEqualTo(7);
    assertBadRequest(() -> Fields.queryInt("limit", "0", 20, 1, 100), "'limit' must be an integer from 1 to 100, got '0'");
    assertBadRequest(() -> Fields.queryInt("limit", "", 20, 1, 100), "got ''");
    assertBadRequest(() -> Fields.queryInt("limit", "ten", 20, 1, 100), "got 'ten'");
  }

  @Test
  void shouldWriteTimestampsAsTheProtocolDoes() {
    assertThat(Fields.time(0L)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(Fields.time(Instant.parse("2026-11-21T12:34:56.789Z"))).isEqualTo("2026-11-21T12:34:56.789Z");
    assertThat(Fields.time((Instant) null)).isNull();
  }

  private static void assertBadRequest(ThrowingCallable call, String message) {
    assertThatThrownBy(call).isInstanceOfSatisfying(HubException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST)).hasMessageContaining(message);
  }
}
