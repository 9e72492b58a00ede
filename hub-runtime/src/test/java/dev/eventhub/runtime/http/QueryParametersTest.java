package dev.eventhub.runtime.http;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 19: every route of the core refuses a query parameter it does not know with 400 naming it, so a
 * client's guess (say {@code after} for paging) fails loudly instead of being ignored.
 */
class QueryParametersTest {
  @TempDir static Path dir;
  static TestHub hub;
  static String token;

  @BeforeAll
  static void start() {
    hub = TestHub.start(dir);
    token = hub.adminToken();
  }

  @AfterAll
  static void stop() {
    hub.close();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(delimiter = '|', textBlock = """
      GET  | /api/events?colour=red                 | colour
      GET  | /api/events?categories=a&Limit=5       | Limit
      GET  | /api/categories?page=2                 | page
      GET  | /api/plugins?verbose=true              | verbose
      GET  | /api/cluster?x=1                       | x
      POST | /api/plugins/none/stop?force=true      | force
      GET  | /health?probe=1                        | probe
      GET  | /ready?probe=1                         | probe
      GET  | /metrics?name[]=x                      | name[]
      GET  | /api/openapi.json?v=1                  | v
      GET  | /api/asyncapi.json?v=1                 | v
      """)
  void shouldRefuseAnUnknownParameterNamingIt(HttpMethod method, String path, String unknown) {
    String message = error(hub.send(method, path, token, null), 400, "bad_request");
    assertThat(message).contains("'" + unknown + "'");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      /health?x=%zz
      /ready?%zz=1
      /api/categories?x=%
      /metrics?x=%C0%80
      """)
  void shouldRefuseAMalformedQueryWith400(String path) {
    var r = hub.get(path, token);
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(400);
    assertThat(r.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");
  }

  @Test
  void shouldRefuseAnUnknownParameterOnAPublishAndRecordNothing() {
    String message = error(hub.post("/api/events?sync=true", token,
        "{\"category\":\"params\",\"event\":\"e\"}"), 400, "bad_request");
    assertThat(message).contains("'sync'");
    assertThat(json(200, hub.get("/api/events?categories=params", token)).getJsonArray("events")).isEmpty();
  }

  @Test
  void shouldRefuseAfterOnHistoryPointingToSince() {
    // The natural guess for paging: refused, never ignored (ignoring it answered page 1 again, forever).
    for (int i = 0; i < 3; i++) {
      hub.publish("paging", "e", "k" + i, null);
    }
    String message = error(hub.get("/api/events?categories=paging&limit=1&after=0000000000000001", token),
        400, "bad_request");
    assertThat(message).contains("'after'").contains("since");
  }

  @Test
  void shouldKeepAnsweringTheKnownParameters() {
    hub.publish("known", "e", "k", null);
    var page = json(200, hub.get("/api/events?categories=known&events=e&keys=k&limit=5&since=", token));
    assertThat(page.getJsonArray("events")).hasSize(1);
    json(200, hub.get("/api/categories", token));
  }
}
