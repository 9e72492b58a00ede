package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.ok;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.PluginTestBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * A real hub with the webhook plugin (and the dead-letter queue) from the classpath, tiny backoffs
 * and short timeouts, a receiver, an admin token and a recorder of every event.
 */
abstract class WebhookTestBase extends PluginTestBase {
  static final String LOOPBACK = "127.0.0.0/8";
  Receiver receiver;

  /**
   * Small delays so that retries take milliseconds; the breaker stays out of the way unless a test wants it;
   * loopback opened (outbound calls refuse it by default), for the receiver.
   * The timeouts are long: a busy machine may take seconds over an answer, which must not pass for a
   * target that hangs (the tests about those set their own).
   */
  static HubConfig fast(HubConfig c) {
    return c.with("outbound.allowNetworks", new JsonArray().add(LOOPBACK))
        .with("plugins.webhook.delivery.attempts", 3)
        .with("plugins.webhook.delivery.initialBackoff", "20ms")
        .with("plugins.webhook.delivery.maxBackoff", "50ms")
        .with("plugins.webhook.delivery.jitter", 0.0)
        .with("plugins.webhook.delivery.connectTimeout", "30s")
        .with("plugins.webhook.delivery.idleTimeout", "30s")
        .with("plugins.webhook.delivery.requestTimeout", "60s")
        .with("plugins.webhook.circuitBreaker.maxFailures", 1000);
  }

  @Override
  protected HubConfig configure(HubConfig config) {
    return fast(config);
  }

  /** Starts the hub; the receiver (created at the first start) stays across restarts. */
  @Override
  protected void start(UnaryOperator<HubConfig> customize) {
    if (receiver == null) {
      receiver = new Receiver();
    }
    super.start(customize);
  }

  @AfterEach
  @Override
  protected void stopHubAfterTest() {
    super.stopHubAfterTest();
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

  /** The next outcome event (delivered or failed) of a subscription. */
  HubEvent outcome(String subscription) {
    return events.next(e -> (e.event().equals("webhook-delivered") || e.event().equals("webhook-failed"))
        && subscription.equals(e.key()));
  }
}
