package dev.eventhub.sources.scheduler;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;

import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** A real hub with the scheduler and dlq plugins from the classpath, a token and a recorder of the scheduler category. */
abstract class SchedulerTestBase extends PluginTestBase {
  /** Loopback opened (outbound calls refuse it by default), for the tests' endpoints. */
  @Override
  protected HubConfig configure(HubConfig config) {
    return config.with("outbound.allowNetworks", new JsonArray().add("127.0.0.0/8"));
  }

  @Override
  protected String token(TestHub hub) {
    return hub.token("subscribe:*", "publish:*", "schedule:http");
  }

  @Override
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.of(hub, "scheduler");
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
}
