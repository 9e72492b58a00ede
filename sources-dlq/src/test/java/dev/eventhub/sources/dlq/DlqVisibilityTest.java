package dev.eventhub.sources.dlq;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static dev.eventhub.runtime.testing.HttpAssertions.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Issue 17 item 9: a dead letter of category X is shown only to readers of X (or admin). */
class DlqVisibilityTest extends DlqTestBase {
  String orders;
  String plain;
  String reader;
  String outsider;

  @BeforeEach
  void parkTwo() {
    start();
    orders = parkOnBus(entry("webhook", "nowhere", new JsonObject().put("card", "4111-secret"))
        .put("category", "orders").put("reason", "POST to https://shop.example failed"));
    plain = parkOnBus(entry("billing", null, 2));
    reader = hub.token("subscribe:dlq", "publish:dlq", "subscribe:orders");
    outsider = hub.token("subscribe:dlq", "publish:dlq");
  }

  private List<String> ids(String path, String token) {
    return ok(hub.get(path, token), 200).getJsonArray("entries").stream()
        .map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void shouldShowAnEntryOfACategoryOnlyToItsReadersAndAdmin() {
    assertThat(ids("/api/dlq/entries", reader)).containsExactly(orders, plain);
    assertThat(ids("/api/dlq/entries", hub.adminToken())).containsExactly(orders, plain);
    assertThat(ids("/api/dlq/entries", outsider)).containsExactly(plain);
    assertThat(ok(hub.get("/api/dlq/entries/" + orders, reader), 200).getString("category")).isEqualTo("orders");
    error(hub.get("/api/dlq/entries/" + orders, outsider), 404, "not_found");
    assertThat(ok(hub.get("/api/dlq/counts", outsider), 200).getInteger("total")).isEqualTo(1);
  }

  @Test
  void shouldLetOnlyReadersOfTheCategoryResolveResubmitOrPurgeIt() {
    error(hub.post("/api/dlq/entries/" + orders + "/resolve", outsider, null), 404, "not_found");
    error(hub.post("/api/dlq/entries/" + orders + "/resubmit", outsider, null), 404, "not_found");
    ok(hub.post("/api/dlq/entries/" + orders + "/resolve", reader, null), 200);
    assertThat(ok(hub.post("/api/dlq/purge", outsider, null), 200).getInteger("purged")).isZero();
    assertThat(ids("/api/dlq/entries?state=resolved", reader)).containsExactly(orders);
    assertThat(ok(hub.post("/api/dlq/purge", reader, null), 200).getInteger("purged")).isEqualTo(1);
  }

  @Test
  void shouldPublishOnlyAReferenceOnTheDlqStream() {
    HubEvent added = events.next("entry-added", orders);

    assertThat(added.data().getString("category")).isEqualTo("orders");
    assertThat(added.data().getString("id")).isEqualTo(orders);
    assertThat(added.data().encode()).doesNotContain("shop.example").doesNotContain("4111").doesNotContain("reason")
        .doesNotContain("nowhere");
  }

  @Test
  void shouldNeedPublishOnTheCategoryToParkAnEntryOfItOverHttp() {
    JsonObject request = entry("client", null, 1).put("category", "orders");
    assertThat(error(hub.post("/api/dlq/entries", reader, request), 403, "forbidden")).contains("publish:orders");
    JsonObject parked = ok(hub.post("/api/dlq/entries", hub.token("publish:dlq", "publish:orders"), request), 201);
    assertThat(parked.getString("category")).isEqualTo("orders");
    error(hub.post("/api/dlq/entries", reader, entry("client", null, 1).put("category", "Not Valid")), 400,
        "bad_request");
  }
}
