package dev.eventhub.sources.webhook;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The last delivery attempts of a subscription: status, duration, the answer's first bytes, secrets masked. */
class AttemptsTest extends WebhookTestBase {
  @Test
  void shouldListTheLastAttemptsNewestFirstWithTheAnswersFirstBytesAndNoSecret() {
    start();
    String secret = subscribe(new JsonObject().put("id", "seen").put("url", receiver.url("/in?token=s3cret-token"))
        .put("categories", new JsonArray().add("orders")).put("headers", new JsonObject().put("X-Api-Key", "k-123")))
        .getString("secret");
    receiver.behave((request, index) -> request.response().setStatusCode(index == 0 ? 503 : 200)
        .end(index == 0 ? "busy, echo: k-123 " + "x".repeat(1000) : "{\"ok\":true}"));

    String id = publish("orders", "placed", "o-1", new JsonObject());
    outcome("seen");
    outcome("seen");

    JsonObject answer = ok(hub.get("/api/webhook/subscriptions/seen/attempts", token), 200);
    JsonArray attempts = answer.getJsonArray("attempts");
    assertThat(attempts).hasSize(2);
    JsonObject last = attempts.getJsonObject(0);
    assertThat(last.getString("eventId")).isEqualTo(id);
    assertThat(last.getInteger("attempt")).isEqualTo(2);
    assertThat(last.getInteger("status")).isEqualTo(200);
    assertThat(last.getBoolean("success")).isTrue();
    assertThat(last.getString("response")).isEqualTo("{\"ok\":true}");
    assertThat(last.getLong("durationMs")).isNotNegative();
    assertThat(last.getString("key")).isEqualTo("o-1");
    JsonObject first = attempts.getJsonObject(1);
    assertThat(first.getInteger("status")).isEqualTo(503);
    assertThat(first.getString("error")).contains("HTTP 503");
    assertThat(first.getString("response")).startsWith("busy, echo: ***").hasSizeLessThanOrEqualTo(260);
    assertThat(answer.encode()).doesNotContain(secret, "k-123", "s3cret-token");

    assertThat(ok(hub.get("/api/webhook/subscriptions/seen/attempts?limit=1", token), 200).getJsonArray("attempts"))
        .hasSize(1);
    error(hub.get("/api/webhook/subscriptions/seen/attempts?limit=0", token), 400, "bad_request");
    error(hub.get("/api/webhook/subscriptions/nobody/attempts", token), 404, "not_found");
  }
}
