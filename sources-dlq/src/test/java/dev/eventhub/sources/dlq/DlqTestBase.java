package dev.eventhub.sources.dlq;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;

import dev.eventhub.runtime.testing.EventRecorder;
import dev.eventhub.runtime.testing.PluginTestBase;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/** A real hub with the dlq plugin from the classpath, a token and a recorder of the dlq category. */
abstract class DlqTestBase extends PluginTestBase {
  @Override
  protected String token(TestHub hub) {
    return hub.token("subscribe:dlq", "publish:dlq");
  }

  @Override
  protected EventRecorder recorder(TestHub hub) {
    return EventRecorder.of(hub, "dlq");
  }

  static JsonObject entry(String plugin, String address, Object payload) {
    return new JsonObject()
        .put("origin", new JsonObject().put("plugin", plugin).put("address", address))
        .put("reason", "could not deliver")
        .put("payload", payload);
  }

  /** Parks through the event bus, as a plugin does; the entry id. */
  String parkOnBus(JsonObject request) {
    Message<JsonObject> reply = TestHub.await(hub.vertx().eventBus().<JsonObject>request("dlq.park", request));
    return reply.body().getString("id");
  }

  /** Parks over HTTP; the entry. */
  JsonObject parkOverHttp(JsonObject request) {
    return ok(hub.post("/api/dlq/entries", token, request), 201);
  }

  JsonObject get(String path) {
    return ok(hub.get(path, token), 200);
  }

  JsonObject post(String path, Object body) {
    return ok(hub.post(path, token, body), 200);
  }
}
