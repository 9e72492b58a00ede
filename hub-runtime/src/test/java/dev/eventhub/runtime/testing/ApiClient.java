package dev.eventhub.runtime.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/**
 * A plugin's HTTP API over real HTTP, for tests, with a token for one category ({@code
 * subscribe:<category> publish:<category>}); each call asserts the status it expects. Plugin modules
 * extend it with their API's calls.
 */
public class ApiClient {
  protected final TestHub hub;
  protected final String token;
  private final String category;

  public ApiClient(TestHub hub, String category) {
    this.hub = hub;
    this.category = category;
    this.token = hub.token("subscribe:" + category, "publish:" + category);
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, Object body) {
    return hub.send(method, path, token, body);
  }

  /** Sends a request and asserts a JSON answer with {@code status}; its body. */
  public JsonObject expect(int status, HttpMethod method, String path, Object body) {
    return expect(status, send(method, path, body));
  }

  public JsonObject get(String path) {
    return expect(200, HttpMethod.GET, path, null);
  }

  /** The error body of a request that must fail with {@code status} and {@code code}. */
  public JsonObject error(int status, String code, HttpMethod method, String path, Object body) {
    JsonObject error = expect(status, send(method, path, body));
    assertThat(error.getString("error")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  /** Every event of the category in the log, in log order (up to 1000). */
  public List<JsonObject> history() {
    JsonArray events = expect(200, hub.get("/api/events?categories=" + category + "&limit=1000", token))
        .getJsonArray("events");
    return events.stream().map(JsonObject.class::cast).toList();
  }

  /** The types of {@link #history()}. */
  public List<String> historyTypes() {
    return history().stream().map(e -> e.getString("event")).toList();
  }

  /** Asserts a JSON answer with {@code status}; its body. */
  public static JsonObject expect(int status, HttpResponse<Buffer> response) {
    return HttpAssertions.json(status, response);
  }
}
