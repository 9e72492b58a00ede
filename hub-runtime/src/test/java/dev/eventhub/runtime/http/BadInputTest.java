package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets a 4xx naming what was wrong, and records nothing. */
class BadInputTest {
  @TempDir static Path dir;
  static TestHub hub;
  static String token;

  @BeforeAll
  static void start() {
    hub = TestHub.start(dir, c -> c.with("http.maxBodySize", 4096).with("publish.maxBatchSize", 10));
    token = hub.adminToken();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      not json                                                    | 400 | bad_request | not JSON
      42                                                          | 400 | bad_request | must be an event object
      {}                                                          | 400 | bad_request | 'category' is required
      {"category":"a"}                                            | 400 | bad_request | 'event' is required
      {"category":7,"event":"e"}                                  | 400 | bad_request | 'category' must be a string
      {"category":"Bad Name","event":"e"}                         | 400 | bad_request | 'category' must match [a-z0-9-]+
      {"category":"a","event":"UPPER"}                            | 400 | bad_request | 'event' must match
      {"category":"a","event":"e","data":[1]}                     | 400 | bad_request | 'data' must be a JSON object
      {"category":"a","event":"e","key":5}                        | 400 | bad_request | 'key' must be a string
      {"category":"a","event":"e","id":""}                        | 400 | bad_request | 'id' must be 1 to
      []                                                          | 400 | bad_request | the batch is empty
      [{"category":"a","event":"e"},{"category":"a"}]             | 400 | bad_request | event 1: field 'event' is required
      [{"category":"a","event":"e"},3]                            | 400 | bad_request | event 1 must be a JSON object
      """)
  void shouldRejectBadEventsAndRecordNothing(String body, int status, String code, String message) {
    HttpResponse<Buffer> r = hub.post("/api/events", token, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo(code);
    assertThat(r.bodyAsJsonObject().getString("message")).contains(message);
    assertThat(recorded()).isZero();
  }

  static java.util.stream.Stream<String> notJson() {
    return java.util.stream.Stream.of("[".repeat(1500) + "]".repeat(1500),
        "{\"category\":\"a\",\"event\":\"e\",\"data\":{\"n\":" + "9".repeat(3000) + "}}", "{\"category\":\"a\",}");
  }

  @ParameterizedTest(name = "{index}")
  @org.junit.jupiter.params.provider.MethodSource("notJson")
  void shouldSayWhyABodyIsNotJsonWithoutTheParsersInternals(String body) {
    // Found by the distribution's hostile-input suite: Jackson's messages named its classes and echoed the source.
    HttpResponse<Buffer> r = hub.post("/api/events", token, body);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message")).startsWith("the body is not JSON: ")
        .doesNotContain("StreamReadConstraints").doesNotContain("Source:").doesNotContain("`").doesNotContain("\n");
    assertThat(recorded()).isZero();
  }

  @Test
  void shouldRejectABodyOverTheLimitWith413() {
    String big = new JsonObject().put("category", "a").put("event", "e")
        .put("data", new JsonObject().put("x", "y".repeat(5000))).encode();
    HttpResponse<Buffer> r = hub.post("/api/events", token, big);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("too_large");
    assertThat(recorded()).isZero();
  }

  @Test
  void shouldRejectABatchOverItsLimitWith413() {
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 11; i++) {
      batch.add(new JsonObject().put("category", "a").put("event", "e"));
    }
    HttpResponse<Buffer> r = hub.post("/api/events", token, batch);
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.bodyAsJsonObject().getString("message")).contains("at most 10 events");
    assertThat(recorded()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      /api/events?limit=0                      | 'limit' must be 1 to 1000
      /api/events?limit=1001                   | 'limit' must be 1 to 1000
      /api/events?limit=ten                    | 'limit' must be 1 to 1000
      /api/events?categories=Bad%20Cat         | must match [a-z0-9*-]+
      /api/events?categories=a&events=x.y      | must match [a-z0-9*-]+
      """)
  void shouldRejectBadHistoryQueries(String path, String message) {
    HttpResponse<Buffer> r = hub.get(path, token);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("message")).contains(message);
  }

  @Test
  void shouldAnswerAnUnknownCursorWithAnEmptyIncompletePage() {
    JsonObject page = hub.get("/api/events?since=not-a-cursor", token).bodyAsJsonObject();
    assertThat(page.getJsonArray("events")).isEmpty();
    assertThat(page.getBoolean("complete")).isFalse();
    assertThat(page.getString("next")).isEqualTo("not-a-cursor");
    JsonObject wiped = hub.get("/api/events?since=ffff000000000001", token).bodyAsJsonObject();
    assertThat(wiped.getBoolean("complete")).isFalse();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"/api/events/%zz", "/api/events?categories=%zz", "/%zz", "/api/events?limit=%"})
  void shouldAnswerMalformedEscapesWith4xxNot500(String path) {
    HttpResponse<Buffer> r = hub.get(path, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isBetween(400, 499);
    assertThat(r.bodyAsJsonObject().getString("error")).isIn("bad_request", "not_found");
  }

  @Test
  void shouldAnswerUnknownPathsWithAJson404() {
    HttpResponse<Buffer> r = hub.get("/api/nothing-here", token);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
  }

  private static int recorded() {
    return hub.get("/api/events?limit=1000", token).bodyAsJsonObject().getJsonArray("events").size();
  }
}
