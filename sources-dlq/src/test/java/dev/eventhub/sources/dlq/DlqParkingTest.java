package dev.eventhub.sources.dlq;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DlqParkingTest extends DlqTestBase {
  @BeforeEach
  void startHub() {
    start();
  }

  @Test
  void shouldParkOverHttpAndServeTheEntryWithAllItsFields() {
    JsonObject request = entry("orders", null, new JsonObject().put("order", 17))
        .put("attempts", 3)
        .put("firstFailureAt", "2026-11-21T12:00:00.000Z")
        .put("lastFailureAt", "2026-11-21T12:04:00.500Z");
    request.getJsonObject("origin").put("target", "POST https://erp.example/orders");

    JsonObject parked = parkOverHttp(request);

    String id = parked.getString("id");
    assertThat(id).matches("\\d{13}-\\d{4}");
    assertThat(parked.getString("state")).isEqualTo("parked");
    assertThat(parked.getInteger("attempts")).isEqualTo(3);
    assertThat(parked.getString("firstFailureAt")).isEqualTo("2026-11-21T12:00:00.000Z");
    assertThat(parked.getString("lastFailureAt")).isEqualTo("2026-11-21T12:04:00.500Z");
    assertThat(parked.getString("parkedVia")).isEqualTo("http");
    assertThat(parked.getJsonObject("origin").getString("target")).isEqualTo("POST https://erp.example/orders");
    assertThat(get("/api/dlq/entries/" + id)).isEqualTo(parked);

    HubEvent added = events.next("entry-added", id);
    // A reference only (issue 17 item 9): the reason, target and payload are in the entry.
    assertThat(added.data().getJsonObject("origin").getString("plugin")).isEqualTo("orders");
    assertThat(added.data().getInteger("attempts")).isEqualTo(3);
    assertThat(added.data().containsKey("payload")).isFalse();
    assertThat(added.data().containsKey("reason")).isFalse();
    assertThat(added.data().getJsonObject("origin").containsKey("target")).isFalse();
  }

  @Test
  void shouldParkThroughTheEventBusAndReplyWithTheIdOnceDurable() {
    String id = parkOnBus(entry("webhook", "webhook.redeliver", new JsonArray().add("a").add(2)));

    JsonObject stored = get("/api/dlq/entries/" + id);
    assertThat(stored.getString("parkedVia")).isEqualTo("event-bus");
    assertThat(stored.getJsonArray("payload")).isEqualTo(new JsonArray().add("a").add(2));
    assertThat(stored.getInteger("attempts")).isEqualTo(1);
    assertThat(stored.getString("firstFailureAt")).isEqualTo(stored.getString("lastFailureAt"));
    assertThat(events.next("entry-added", id).key()).isEqualTo(id);
  }

  @Test
  void shouldAnswerAnInvalidParkOnTheEventBusWithAFailureNamingTheField() {
    JsonObject bad = entry("webhook", null, "x");
    bad.remove("reason");

    assertThatThrownBy(() -> TestHub.await(hub.vertx().eventBus().request("dlq.park", bad)))
        .isInstanceOfSatisfying(ReplyException.class, e -> {
          assertThat(e.failureCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("'reason'");
        });
    assertThat(get("/api/dlq/counts").getInteger("total")).isZero();
  }

  @Test
  void shouldRejectEveryMalformedParkWithTheFieldItGotWrongAndStoreNothing() {
    assertRejected("{not json", "not JSON");
    assertRejected("[1,2]", "JSON object");
    assertRejected(without("origin"), "'origin' is required");
    assertRejected(with("origin", "webhook"), "'origin' must be a JSON object");
    assertRejected(with("origin", new JsonObject()), "'origin.plugin' is required");
    assertRejected(with("origin", new JsonObject().put("plugin", "Not Valid")), "'origin.plugin'");
    assertRejected(with("origin", new JsonObject().put("plugin", "p").put("address", 5)), "'origin.address'");
    assertRejected(without("reason"), "'reason' is required");
    assertRejected(with("reason", "x".repeat(4097)), "'reason'");
    assertRejected(without("payload"), "'payload' is required");
    assertRejected(with("attempts", 0), "'attempts'");
    assertRejected(with("attempts", "three"), "'attempts'");
    assertRejected(with("firstFailureAt", "yesterday"), "'firstFailureAt'");
    assertRejected(with("firstFailureAt", "2026-11-21T12:00:00Z").put("lastFailureAt", "2026-11-21T11:00:00Z"),
        "'lastFailureAt'");
    // Over HTTP, an origin address is refused unless the operator allows it.
    assertRejected(with("origin", new JsonObject().put("plugin", "p").put("address", "scheduler.retry")),
        "httpOriginAddresses");

    assertThat(get("/api/dlq/counts").getInteger("total")).isZero();
    assertThat(get("/api/dlq/entries").getJsonArray("entries")).isEmpty();
  }

  @Test
  void shouldRefuseAnEntryLargerThanTheLimitWith413() {
    String big = "x".repeat(300 * 1024);

    error(hub.post("/api/dlq/entries", token, entry("p", null, big)), 413, "too_large");

    assertThat(get("/api/dlq/counts").getInteger("total")).isZero();
  }

  @Test
  void shouldCheckScopesAndAnswerUnknownRoutesWithJson() {
    error(hub.post("/api/dlq/entries", null, entry("p", null, 1)), 401, "unauthorized");
    error(hub.post("/api/dlq/entries", hub.token("subscribe:dlq"), entry("p", null, 1)), 403, "forbidden");
    error(hub.get("/api/dlq/counts", hub.token("publish:dlq")), 403, "forbidden");
    error(hub.get("/api/dlq/nothing-here", token), 404, "not_found");
    error(hub.get("/api/dlq/entries/0000000000000-0000", token), 404, "not_found");
  }

  @Test
  void shouldKeepEntriesAndTheirStateAcrossARestartAndGoOnWithLaterIds() {
    String first = parkOnBus(entry("webhook", null, 1));
    String second = parkOnBus(entry("webhook", null, 2));
    post("/api/dlq/entries/" + first + "/resolve", new JsonObject().put("note", "fixed by hand"));

    restart();

    JsonObject resolved = get("/api/dlq/entries/" + first);
    assertThat(resolved.getString("state")).isEqualTo("resolved");
    assertThat(resolved.getString("note")).isEqualTo("fixed by hand");
    assertThat(get("/api/dlq/entries/" + second).getString("state")).isEqualTo("parked");
    JsonObject counts = get("/api/dlq/counts");
    assertThat(counts.getInteger("parked")).isEqualTo(1);
    assertThat(counts.getInteger("resolved")).isEqualTo(1);
    String third = parkOnBus(entry("webhook", null, 3));
    assertThat(third).isGreaterThan(second);
  }

  private void assertRejected(Object body, String messagePart) {
    String message = error(hub.post("/api/dlq/entries", token, body), 400, "bad_request");
    assertThat(message).contains(messagePart);
  }

  private static JsonObject with(String field, Object value) {
    return entry("p", null, 1).put(field, value);
  }

  private static JsonObject without(String field) {
    JsonObject e = entry("p", null, 1);
    e.remove(field);
    return e;
  }
}
