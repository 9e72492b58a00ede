package dev.eventhub.sources.dlq;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DlqQueryTest extends DlqTestBase {
  String a1;
  String a2;
  String b1;
  String a3;

  @BeforeEach
  void parkFour() {
    start();
    a1 = parkOnBus(entry("alpha", null, 1));
    a2 = parkOnBus(entry("alpha", null, 2));
    b1 = parkOnBus(entry("beta", null, 3));
    a3 = parkOnBus(entry("alpha", null, 4));
    post("/api/dlq/entries/" + a2 + "/resolve", null);
  }

  @Test
  void shouldListInParkingOrderAndFilterByOriginAndState() {
    assertThat(ids("/api/dlq/entries")).containsExactly(a1, a2, b1, a3);
    assertThat(ids("/api/dlq/entries?order=desc")).containsExactly(a3, b1, a2, a1);
    assertThat(ids("/api/dlq/entries?origin=alpha")).containsExactly(a1, a2, a3);
    assertThat(ids("/api/dlq/entries?state=parked")).containsExactly(a1, b1, a3);
    assertThat(ids("/api/dlq/entries?state=resolved&origin=alpha")).containsExactly(a2);
    assertThat(ids("/api/dlq/entries?origin=gamma")).isEmpty();
  }

  @Test
  void shouldFilterByAge() {
    assertThat(ids("/api/dlq/entries?olderThan=1h")).isEmpty();
    assertThat(ids("/api/dlq/entries?olderThan=0ms")).containsExactly(a1, a2, b1, a3);
  }

  @Test
  void shouldPageWithLimitAndAfter() {
    JsonObject first = get("/api/dlq/entries?limit=3");
    assertThat(idsOf(first)).containsExactly(a1, a2, b1);
    assertThat(first.getBoolean("more")).isTrue();
    assertThat(first.getString("next")).isEqualTo(b1);

    JsonObject second = get("/api/dlq/entries?limit=3&after=" + first.getString("next"));
    assertThat(idsOf(second)).containsExactly(a3);
    assertThat(second.getBoolean("more")).isFalse();

    JsonObject backwards = get("/api/dlq/entries?order=desc&limit=2&after=" + b1);
    assertThat(idsOf(backwards)).containsExactly(a2, a1);
  }

  @Test
  void shouldRejectBadQueryParameters() {
    assertThat(error(hub.get("/api/dlq/entries?state=lost", token), 400, "bad_request")).contains("'state'");
    assertThat(error(hub.get("/api/dlq/entries?limit=0", token), 400, "bad_request")).contains("'limit'");
    assertThat(error(hub.get("/api/dlq/entries?limit=1001", token), 400, "bad_request")).contains("'limit'");
    assertThat(error(hub.get("/api/dlq/entries?limit=ten", token), 400, "bad_request")).contains("'limit'");
    assertThat(error(hub.get("/api/dlq/entries?olderThan=soon", token), 400, "bad_request")).contains("'olderThan'");
    assertThat(error(hub.get("/api/dlq/entries?olderThan=999999999999d", token), 400, "bad_request"))
        .contains("'olderThan'");
    assertThat(error(hub.get("/api/dlq/entries?origin=Bad_Name", token), 400, "bad_request")).contains("'origin'");
    assertThat(error(hub.get("/api/dlq/entries?order=sideways", token), 400, "bad_request")).contains("'order'");
  }

  @Test
  void shouldCountByStateAndOrigin() {
    JsonObject counts = get("/api/dlq/counts");

    assertThat(counts.getInteger("total")).isEqualTo(4);
    assertThat(counts.getInteger("parked")).isEqualTo(3);
    assertThat(counts.getInteger("resolved")).isEqualTo(1);
    assertThat(counts.getInteger("maxEntries")).isEqualTo(100_000);
    assertThat(counts.getJsonObject("byOrigin").getJsonObject("alpha"))
        .isEqualTo(new JsonObject().put("parked", 2).put("resolved", 1).put("total", 3));
    assertThat(counts.getJsonObject("byOrigin").getJsonObject("beta"))
        .isEqualTo(new JsonObject().put("parked", 1).put("resolved", 0).put("total", 1));
  }

  @Test
  void shouldPurgeOnlyResolvedEntriesAndSayWhichWentAway() {
    post("/api/dlq/entries/" + b1 + "/resolve", null);

    JsonObject onlyAlpha = post("/api/dlq/purge", new JsonObject().put("origin", "alpha"));
    assertThat(onlyAlpha.getInteger("purged")).isEqualTo(1);
    assertThat(ids("/api/dlq/entries")).containsExactly(a1, b1, a3);
    HubEvent purged = events.next("entry-purged", a2);
    assertThat(purged.data().getString("reason")).isEqualTo("purge");

    assertThat(post("/api/dlq/purge", new JsonObject().put("olderThan", "1h")).getInteger("purged")).isZero();
    assertThat(post("/api/dlq/purge", null).getInteger("purged")).isEqualTo(1);
    assertThat(ids("/api/dlq/entries")).containsExactly(a1, a3);
    error(hub.get("/api/dlq/entries/" + b1, token), 404, "not_found");
    assertThat(get("/api/dlq/counts").getInteger("resolved")).isZero();
  }

  @Test
  void shouldRejectABadPurgeRequest() {
    error(hub.post("/api/dlq/purge", token, new JsonObject().put("olderThan", "later")), 400, "bad_request");
    error(hub.post("/api/dlq/purge", token, new JsonObject().put("origin", 3)), 400, "bad_request");
    error(hub.post("/api/dlq/purge", token, "\"everything\""), 400, "bad_request");
    assertThat(get("/api/dlq/counts").getInteger("total")).isEqualTo(4);
  }

  private List<String> ids(String path) {
    return idsOf(get(path));
  }

  private static List<String> idsOf(JsonObject page) {
    JsonArray entries = page.getJsonArray("entries");
    return entries.stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
