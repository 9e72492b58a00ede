package dev.eventhub.sources.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/** The checkpoint API over real HTTP, for tests: each call asserts the status it expects. */
final class CheckpointClient {
  static final String BASE = "/api/checkpoint/sessions/";

  private final TestHub hub;
  private final String token;

  CheckpointClient(TestHub hub) {
    this.hub = hub;
    this.token = hub.token("subscribe:checkpoint", "publish:checkpoint");
  }

  JsonObject create(String session, String label, Object state) {
    return expect(201, hub.post(BASE + session + "/checkpoints", token,
        new JsonObject().put("label", label).put("state", state)));
  }

  HttpResponse<Buffer> send(HttpMethod method, String path, Object body) {
    return hub.send(method, path, token, body);
  }

  JsonObject expect(int status, HttpMethod method, String path, Object body) {
    return expect(status, send(method, path, body));
  }

  JsonObject get(String path) {
    return expect(200, HttpMethod.GET, path, null);
  }

  /** The error body of a request that must fail with {@code status} and {@code code}. */
  JsonObject error(int status, String code, HttpMethod method, String path, Object body) {
    JsonObject error = expect(status, send(method, path, body));
    assertThat(error.getString("error")).isEqualTo(code);
    assertThat(error.getString("message")).isNotBlank();
    return error;
  }

  /** Every checkpoint event in the log, in log order. */
  List<JsonObject> history() {
    JsonArray events = expect(200, hub.get("/api/events?categories=checkpoint&limit=1000", token))
        .getJsonArray("events");
    return events.stream().map(JsonObject.class::cast).toList();
  }

  List<String> historyTypes() {
    return history().stream().map(e -> e.getString("event")).toList();
  }

  static JsonObject expect(int status, HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    return response.bodyAsJsonObject();
  }
}
