package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.HttpAssertions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 8: a producer's id is an idempotency key within its category only. */
class IdempotencyScopeTest {
  @TempDir Path dir;

  static JsonObject event(String category, String id, int n) {
    return new JsonObject().put("id", id).put("category", category).put("event", "placed")
        .put("data", new JsonObject().put("n", n));
  }

  @Test
  void shouldTreatTheSameIdInAnotherCategoryAsANewEventAndRevealNothingOfTheOther() {
    try (TestHub hub = TestHub.start(dir)) {
      JsonObject secret = HttpAssertions.ok(hub.post("/api/events", hub.token("publish:secret"), event("secret", "x-1", 1)), 201);

      // A publisher that may not read 'secret' reuses the id in its own category: a new event of its own.
      String mine = hub.token("publish:mine", "subscribe:mine");
      JsonObject first = HttpAssertions.ok(hub.post("/api/events", mine, event("mine", "x-1", 2)), 201);
      assertThat(first.getString("cursor")).isNotEqualTo(secret.getString("cursor"));
      // Within its category the id still makes a retry idempotent.
      JsonObject again = HttpAssertions.ok(hub.post("/api/events", mine, event("mine", "x-1", 3)), 200);
      assertThat(again).isEqualTo(first);
      // In a batch too, and a batch may repeat an id across categories.
      JsonObject batch = HttpAssertions.ok(hub.post("/api/events", hub.adminToken(),
          new JsonArray().add(event("other", "x-1", 4)).add(event("mine", "x-1", 5)).add(event("other", "x-1", 6))), 201);
      JsonArray results = batch.getJsonArray("events");
      assertThat(results.getJsonObject(1)).isEqualTo(first);
      assertThat(results.getJsonObject(2)).isEqualTo(results.getJsonObject(0));
      assertThat(results.getJsonObject(0).getString("cursor")).isNotIn(first.getString("cursor"), secret.getString("cursor"));

      JsonArray history = HttpAssertions.ok(hub.get("/api/events?categories=mine", mine), 200).getJsonArray("events");
      assertThat(history).hasSize(1);
      assertThat(history.getJsonObject(0).getJsonObject("data").getInteger("n")).isEqualTo(2);
      JsonArray all = HttpAssertions.ok(hub.get("/api/events", hub.adminToken()), 200).getJsonArray("events");
      assertThat(all.stream().map(e -> ((JsonObject) e).getString("category")))
          .containsExactly("secret", "mine", "other");
    }
  }
}
