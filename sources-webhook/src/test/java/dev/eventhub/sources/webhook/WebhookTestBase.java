package dev.eventhub.sources.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real hub with the webhook plugin (and the dead-letter queue) from the classpath, tiny backoffs
 * and short timeouts, a receiver and an event recorder.
 */
abstract class WebhookTestBase {
  @TempDir Path dir;
  TestHub hub;
  EventRecorder events;
  Receiver receiver;
  String token;
  private UnaryOperator<HubConfig> customize = c -> c;

  /** Small delays so that retries take milliseconds; the breaker stays out of the way unless a test wants it. */
  static HubConfig fast(HubConfig c) {
    return c.with("plugins.webhook.delivery.attempts", 3)
        .with("plugins.webhook.delivery.initialBackoff", "20ms")
        .with("plugins.webhook.delivery.maxBackoff", "50ms")
        .with("plugins.webhook.delivery.jitter", 0.0)
        .with("plugins.webhook.delivery.connectTimeout", "1s")
        .with("plugins.webhook.delivery.idleTimeout", "500ms")
        .with("plugins.webhook.delivery.requestTimeout", "3s")
        .with("plugins.webhook.circuitBreaker.maxFailures", 1000);
  }

  void start(UnaryOperator<HubConfig> customize) {
    this.customize = customize;
    if (receiver == null) {
      receiver = new Receiver();
    }
    hub = TestHub.start(dir, c -> customize.apply(fast(c)));
    token = hub.adminToken();
    events = new EventRecorder(hub);
  }

  void start() {
    start(c -> c);
  }

  /** Closes the hub and starts another on the same folder and configuration; the receiver stays. */
  void restart() {
    if (hub != null) {
      events.close();
      hub.close();
    }
    hub = TestHub.start(dir, c -> customize.apply(fast(c)));
    token = hub.adminToken();
    events = new EventRecorder(hub);
  }

  @AfterEach
  void stopAll() {
    if (hub != null) {
      events.close();
      hub.close();
    }
    if (receiver != null) {
      receiver.close();
    }
  }

  /** Creates a subscription to the receiver; returns it as the API answered (with its secret). */
  JsonObject subscribe(String id, String path, String... categories) {
    return subscribe(new JsonObject().put("id", id).put("url", receiver.url(path))
        .put("categories", new JsonArray(java.util.List.of((Object[]) categories))));
  }

  JsonObject subscribe(JsonObject body) {
    JsonObject created = ok(hub.post("/api/webhook/subscriptions", token, body), 201);
    events.next("webhook-registered", created.getString("id"));
    return created;
  }

  /** Publishes an event over HTTP; its id. */
  String publish(String category, String type, String key, JsonObject data) {
    return hub.publish(category, type, key, data).getString("id");
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

  /** The next outcome event (delivered or failed) of a subscription. */
  HubEvent outcome(String subscription) {
    return events.next(e -> (e.event().equals("webhook-delivered") || e.event().equals("webhook-failed"))
        && subscription.equals(e.key()));
  }
}
