package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.HttpAssertions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 items 15 and 16 over HTTP: the category limit, meters of emptied categories, byte-bounded history. */
class LogLimitsApiTest {
  @TempDir Path dir;

  @Test
  void shouldAnswer409NamingTheLimitForANewCategoryOverIt() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("log.maxCategories", 1))) {
      hub.publish("orders", "placed", "k", new JsonObject());
      String message = HttpAssertions.error(hub.post("/api/events", hub.adminToken(),
          new JsonObject().put("category", "invoices").put("event", "sent")), 409, "conflict");
      assertThat(message).contains("log.maxCategories").contains("1");
      assertThat(hub.get("/metrics", null).bodyAsString())
          .contains("hub_log_refused_total{reason=\"max_categories\"} 1.0");
    }
  }

  @Test
  void shouldDropTheMetersOfACategoryRetentionEmptied() {
    // Any stored byte is over the size limit: a prune empties every category.
    try (TestHub hub = TestHub.start(dir, c -> c.with("log.retention.maxBytes", 1).with("log.retention.pruneInterval", "1h"))) {
      hub.publish("orders", "placed", "k", new JsonObject());
      assertThat(hub.get("/metrics", null).bodyAsString()).contains("category=\"orders\"");
      TestHub.await(hub.hub().log().prune());
      assertThat(hub.get("/metrics", null).bodyAsString()).doesNotContain("category=\"orders\"");
    }
  }

  @Test
  void shouldBoundAHistoryPageInBytesAndLetTheClientPageOnWithNext() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("log.maxPageBytes", 100_000))) {
      List<String> published = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        published.add(hub.publish("big", "blob", null, new JsonObject().put("pad", "x".repeat(30_000))).getString("id"));
      }
      String token = hub.adminToken();
      JsonObject first = HttpAssertions.ok(hub.get("/api/events?limit=1000", token), 200);
      assertThat(first.getJsonArray("events").size()).isBetween(1, 3);
      assertThat(first.getBoolean("more")).isTrue();

      List<String> read = new ArrayList<>();
      JsonObject page = first;
      for (int n = 0; n < 100; n++) {
        page.getJsonArray("events").forEach(e -> read.add(((JsonObject) e).getString("id")));
        if (!page.getBoolean("more")) {
          break;
        }
        page = HttpAssertions.ok(hub.get("/api/events?limit=1000&since=" + page.getString("next"), token), 200);
      }
      assertThat(read).containsExactlyElementsOf(published);
    }
  }
}
