package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryTest extends WebhookTestBase {
  @Test
  void shouldDeliverTheEnvelopeSignedPerStandardWebhooksAsAnIndependentVerifierChecksIt() {
    start();
    JsonObject created = subscribe(new JsonObject().put("id", "orders").put("url", receiver.url("/in"))
        .put("categories", new JsonArray().add("orders")).put("headers", new JsonObject().put("X-Env", "test")));
    String secret = created.getString("secret");
    assertThat(secret).startsWith("whsec_");

    String id = publish("orders", "order-placed", "o-1", new JsonObject().put("total", 42));

    Receiver.Request request = receiver.next();
    assertThat(request.path()).isEqualTo("/in");
    assertThat(request.headers().get("webhook-id")).isEqualTo(id);
    assertThat(request.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(request.headers().get("X-Env")).isEqualTo("test");
    String timestamp = request.headers().get("webhook-timestamp");
    assertThat(Math.abs(Long.parseLong(timestamp) - System.currentTimeMillis() / 1000)).isLessThan(60);
    assertThat(StandardWebhooks.verify(secret, id, timestamp, request.body().getBytes(),
        request.headers().get("webhook-signature"))).isTrue();
    assertThat(StandardWebhooks.verify("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]), id,
        timestamp, request.body().getBytes(), request.headers().get("webhook-signature"))).isFalse();
    JsonObject envelope = request.json();
    assertThat(envelope.getString("category")).isEqualTo("orders");
    assertThat(envelope.getString("event")).isEqualTo("order-placed");
    assertThat(envelope.getString("key")).isEqualTo("o-1");
    assertThat(envelope.getJsonObject("data").getInteger("total")).isEqualTo(42);

    HubEvent delivered = events.next("webhook-delivered", "orders");
    assertThat(delivered.category()).isEqualTo("webhook");
    assertThat(delivered.data().getString("eventId")).isEqualTo(id);
    assertThat(delivered.data().getInteger("status")).isEqualTo(200);
    assertThat(delivered.data().getInteger("attempt")).isEqualTo(1);
    assertThat(delivered.data().getLong("durationMs")).isNotNegative();
  }

  @Test
  void shouldRetryATargetThatFailsTwiceWithTheSameIdThenDeliverTheRestInOrder() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 5));
    receiver.behave(Receiver.failFirst(2, 503));
    subscribe("jobs", "/jobs", "jobs");

    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(publish("jobs", "step-done", "j", new JsonObject().put("i", i)));
    }

    List<String> received = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      received.add(receiver.next().eventId());
    }
    // The first event three times (two failures, then success), then the others, each once, in order.
    assertThat(received).containsExactly(ids.get(0), ids.get(0), ids.get(0), ids.get(1), ids.get(2));

    HubEvent firstFailure = events.next("webhook-failed", "jobs");
    assertThat(firstFailure.data().getInteger("status")).isEqualTo(503);
    assertThat(firstFailure.data().getBoolean("willRetry")).isTrue();
    assertThat(firstFailure.data().getInteger("attempt")).isEqualTo(1);
    HubEvent retryStarted = events.next("retry-started", "jobs");
    assertThat(retryStarted.category()).isEqualTo("error-recovery");
    assertThat(retryStarted.data().getString("eventId")).isEqualTo(ids.get(0));
    HubEvent delivered = events.next("webhook-delivered", "jobs");
    assertThat(delivered.data().getString("eventId")).isEqualTo(ids.get(0));
    assertThat(delivered.data().getInteger("attempt")).isEqualTo(3);
    HubEvent completed = events.next("retry-completed", "jobs");
    assertThat(completed.data().getString("outcome")).isEqualTo("delivered");
    assertThat(completed.data().getInteger("attempts")).isEqualTo(3);
    HubEvent resolved = events.next("error-resolved", "jobs");
    assertThat(resolved.data().getInteger("failedAttempts")).isEqualTo(2);
    assertThat(events.next("webhook-delivered", "jobs").data().getString("eventId")).isEqualTo(ids.get(1));
    assertThat(events.next("webhook-delivered", "jobs").data().getString("eventId")).isEqualTo(ids.get(2));
    assertThat(events.seen().stream().filter(e -> e.event().equals("retry-started"))).hasSize(1);
  }

  @Test
  void shouldDeliverEveryEventOnceInOrderWhenMoreWaitThanTheQueueHoldsByReadingTheLog() {
    start(c -> c.with("plugins.webhook.delivery.attempts", 10).with("plugins.webhook.delivery.maxQueuedEvents", 2));
    receiver.behave(Receiver.failFirst(4, 503));
    subscribe("backlog", "/b", "jobs");
    JsonArray batch = new JsonArray();
    for (int i = 0; i < 12; i++) {
      batch.add(new JsonObject().put("category", "jobs").put("event", "tick").put("data", new JsonObject().put("i", i)));
    }

    JsonArray recorded = ok(hub.post("/api/events", token, batch), 201).getJsonArray("events");
    publish("noise", "tick", null, null);
    String late = publish("jobs", "tock", null, null);

    List<String> expected = new ArrayList<>();
    recorded.forEach(o -> expected.add(((JsonObject) o).getString("id")));
    expected.add(late);
    List<String> accepted = new ArrayList<>();
    while (accepted.size() < expected.size()) {
      accepted.add(receiver.nextAccepted().eventId());
    }
    assertThat(accepted).containsExactlyElementsOf(expected);
    assertThat(receiver.count()).isEqualTo(expected.size() + 4);
    String tail = publish("jobs", "tail", null, null);
    assertThat(receiver.nextAccepted().eventId()).isEqualTo(tail);
    assertThat(ok(hub.get("/api/webhook/subscriptions/backlog", token), 200).getJsonObject("delivery")
        .getString("mode")).isEqualTo("live");
  }

  @Test
  void shouldDeliverOnlyTheEventsTheFilterSelectsAndNeverTheOutcomesOfDeliveries() {
    start();
    subscribe(new JsonObject().put("id", "picky").put("url", receiver.url("/p"))
        .put("categories", new JsonArray().add("*")).put("events", new JsonArray().add("step-*"))
        .put("keys", new JsonArray().add("k1")));

    publish("jobs", "job-started", "k1", null);
    publish("jobs", "step-done", "k2", null);
    String wanted = publish("jobs", "step-done", "k1", null);
    events.next("webhook-delivered", "picky");
    String last = publish("other", "step-failed", "k1", null);

    assertThat(receiver.next().eventId()).isEqualTo(wanted);
    assertThat(receiver.next().eventId()).isEqualTo(last);
    events.next("webhook-delivered", "picky");
    // Nothing else matched: not job-started, not key k2, not the webhook-delivered events themselves.
    String marker = publish("jobs", "step-done", "k1", null);
    assertThat(receiver.next().eventId()).isEqualTo(marker);
    assertThat(receiver.count()).isEqualTo(3);
  }

  @Test
  void shouldStopDeliveringOnceTheSubscriptionIsDeleted() {
    start();
    subscribe("gone", "/gone", "jobs");
    subscribe("stays", "/stays", "jobs");
    publish("jobs", "a", null, null);
    receiver.next();
    receiver.next();

    JsonObject deleted = ok(hub.send(io.vertx.core.http.HttpMethod.DELETE, "/api/webhook/subscriptions/gone", token,
        null), 200);
    assertThat(deleted.getString("deleted")).isEqualTo("gone");
    assertThat(events.next("webhook-unregistered", "gone").data().getString("kind")).isEqualTo("subscription");
    publish("jobs", "b", null, null);

    assertThat(receiver.next().path()).isEqualTo("/stays");
    error(hub.get("/api/webhook/subscriptions/gone", token), 404, "not_found");
    assertThat(receiver.count()).isEqualTo(3);
  }

  @Test
  void shouldListSubscriptionsWithTheirDeliveryStateButNotTheirSecrets() {
    start();
    subscribe("one", "/one", "jobs");
    publish("jobs", "a", null, null);
    events.next("webhook-delivered", "one");

    JsonObject one = ok(hub.get("/api/webhook/subscriptions/one", token), 200);
    assertThat(one.containsKey("secret")).isFalse();
    assertThat(one.getString("target")).isEqualTo(receiver.url("").replaceAll("/$", ""));
    assertThat(one.getJsonObject("delivery").getLong("delivered")).isEqualTo(1);
    assertThat(one.getJsonObject("delivery").getString("mode")).isEqualTo("live");
    assertThat(one.getString("circuitBreaker")).isEqualTo("closed");
    JsonArray all = ok(hub.get("/api/webhook/subscriptions", token), 200).getJsonArray("subscriptions");
    assertThat(all).hasSize(1);
    assertThat(all.getJsonObject(0).containsKey("secret")).isFalse();
  }

  @Test
  void shouldRefuseBadSubscriptions() {
    start();
    String url = receiver.url("/x");
    JsonArray jobs = new JsonArray().add("jobs");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("categories", jobs)), 400, "bad_request");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("url", "ftp://x/y").put("categories", jobs)),
        400, "bad_request");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("url", url)), 400, "bad_request");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("url", url)
        .put("categories", new JsonArray().add("Bad Category"))), 400, "bad_request");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("url", url).put("categories", jobs)
        .put("secret", "not-a-secret")), 400, "bad_request");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("url", url).put("categories", jobs)
        .put("headers", new JsonObject().put("webhook-signature", "forged"))), 400, "bad_request");
    error(hub.post("/api/webhook/subscriptions", token, "[1,2"), 400, "bad_request");
    subscribe("dup", "/x", "jobs");
    error(hub.post("/api/webhook/subscriptions", token, new JsonObject().put("id", "dup").put("url", url)
        .put("categories", jobs)), 409, "conflict");
    error(hub.send(io.vertx.core.http.HttpMethod.DELETE, "/api/webhook/subscriptions/nope", token, null), 404,
        "not_found");
  }

  @Test
  void shouldNotLetATokenSubscribeAWebhookToCategoriesItCannotRead() {
    start();
    String narrow = hub.token("publish:webhook", "subscribe:jobs");
    JsonObject body = new JsonObject().put("url", receiver.url("/x")).put("categories", new JsonArray().add("secrets"));

    error(hub.post("/api/webhook/subscriptions", narrow, body), 403, "forbidden");
    error(hub.post("/api/webhook/subscriptions", narrow, body.copy().put("categories", new JsonArray().add("*"))),
        403, "forbidden");
    error(hub.post("/api/webhook/subscriptions", hub.token("subscribe:*"), body), 403, "forbidden");
    ok(hub.post("/api/webhook/subscriptions", narrow, body.copy().put("categories", new JsonArray().add("jobs"))), 201);
    error(hub.get("/api/webhook/subscriptions", null), 401, "unauthorized");
  }
}
