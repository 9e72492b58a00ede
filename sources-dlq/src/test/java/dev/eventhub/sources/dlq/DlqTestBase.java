package dev.eventhub.sources.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** A real hub with the dlq plugin from the classpath, a token and an event recorder. */
abstract class DlqTestBase {
  @TempDir Path dir;
  TestHub hub;
  EventRecorder events;
  String token;

  void start(UnaryOperator<HubConfig> customize) {
    hub = TestHub.start(dir, customize);
    token = hub.token("subscribe:dlq", "publish:dlq");
    events = new EventRecorder(hub, "dlq");
  }

  void start() {
    start(c -> c);
  }

  void restart() {
    events.close();
    hub.close();
    start();
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      events.close();
      hub.close();
    }
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

  static JsonObject ok(HttpResponse<Buffer> r, int status) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    return r.bodyAsJsonObject();
  }

  /** Asserts an error answer and returns its message. */
  static String error(HttpResponse<Buffer> r, int status, String code) {
    assertThat(r.statusCode()).as(r.bodyAsString()).isEqualTo(status);
    JsonObject body = r.bodyAsJsonObject();
    assertThat(body.getString("error")).isEqualTo(code);
    return body.getString("message");
  }

  JsonObject get(String path) {
    return ok(hub.get(path, token), 200);
  }

  JsonObject post(String path, Object body) {
    return ok(hub.post(path, token, body), 200);
  }
}
