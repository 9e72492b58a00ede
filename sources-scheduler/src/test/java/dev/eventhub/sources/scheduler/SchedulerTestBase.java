package dev.eventhub.sources.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A real hub with the scheduler and dlq plugins from the classpath, a token and an event recorder. */
abstract class SchedulerTestBase {
  @TempDir Path dir;
  TestHub hub;
  EventRecorder events;
  String token;

  void start(UnaryOperator<HubConfig> customize) {
    hub = TestHub.start(dir, customize);
    token = hub.token("subscribe:*", "publish:*");
    events = new EventRecorder(hub, "scheduler");
  }

  void start() {
    start(c -> c);
  }

  void stopHub() {
    events.close();
    hub.close();
    hub = null;
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      stopHub();
    }
  }

  static JsonObject interval(String name, String every, JsonObject action) {
    return new JsonObject().put("name", name)
        .put("trigger", new JsonObject().put("type", "interval").put("every", every))
        .put("action", action);
  }

  static JsonObject cron(String name, String expression, String zone, JsonObject action) {
    return new JsonObject().put("name", name)
        .put("trigger", new JsonObject().put("type", "cron").put("expression", expression).put("timeZone", zone))
        .put("action", action);
  }

  static JsonObject publishAction(String category, String event) {
    return new JsonObject().put("type", "publish").put("category", category).put("event", event)
        .put("data", new JsonObject().put("from", "test"));
  }

  JsonObject create(JsonObject schedule) {
    return ok(hub.post("/api/scheduler/schedules", token, schedule), 201);
  }

  JsonObject get(String path) {
    return ok(hub.get(path, token), 200);
  }

  JsonObject post(String path) {
    return ok(hub.post(path, token, null), 200);
  }

  JsonObject put(String path, Object body) {
    return ok(hub.send(HttpMethod.PUT, path, token, body), 200);
  }

  List<JsonObject> executions(String name) {
    JsonArray list = get("/api/scheduler/schedules/" + name + "/executions").getJsonArray("executions");
    return list.stream().map(o -> (JsonObject) o).toList();
  }

  /** The scheduler's events of one type recorded in the log, oldest first. */
  List<JsonObject> logged(String type) {
    JsonArray list = get("/api/events?categories=scheduler&limit=1000&events=" + type).getJsonArray("events");
    return list.stream().map(o -> (JsonObject) o).toList();
  }

  static JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  static String error(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    return body.getString("message");
  }
}
