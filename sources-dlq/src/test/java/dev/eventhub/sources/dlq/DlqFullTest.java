package dev.eventhub.sources.dlq;

import static dev.eventhub.runtime.testing.HttpAssertions.error;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.eventbus.ReplyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DlqFullTest extends DlqTestBase {
  @BeforeEach
  void startSmall() {
    start(c -> c.with("plugins.dlq.maxEntries", 3));
  }

  @Test
  void shouldRefuseAParkWhenFullOfParkedEntriesAndLoseNothing() {
    String first = parkOnBus(entry("p", null, 1));
    parkOnBus(entry("p", null, 2));
    parkOnBus(entry("p", null, 3));

    String message = error(hub.post("/api/dlq/entries", token, entry("p", null, 4)), 503, "unavailable");
    assertThat(message).contains("full").contains("maxEntries");
    assertThatThrownBy(() -> TestHub.await(hub.vertx().eventBus().request("dlq.park", entry("p", null, 5))))
        .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(503));

    assertThat(get("/api/dlq/counts").getInteger("parked")).isEqualTo(3);
    assertThat(get("/api/dlq/entries/" + first).getString("state")).isEqualTo("parked");
  }

  @Test
  void shouldEvictTheOldestResolvedEntryToMakeRoomAndSaySo() {
    String first = parkOnBus(entry("p", null, 1));
    String second = parkOnBus(entry("p", null, 2));
    String third = parkOnBus(entry("p", null, 3));
    post("/api/dlq/entries/" + third + "/resolve", null);
    post("/api/dlq/entries/" + second + "/resolve", null);

    String fourth = parkOnBus(entry("p", null, 4));

    assertThat(events.next("entry-purged", second).data().getString("reason")).isEqualTo("evicted");
    error(hub.get("/api/dlq/entries/" + second, token), 404, "not_found");
    assertThat(get("/api/dlq/entries/" + third).getString("state")).isEqualTo("resolved");
    assertThat(get("/api/dlq/entries/" + fourth).getString("state")).isEqualTo("parked");
    assertThat(get("/api/dlq/entries/" + first).getString("state")).isEqualTo("parked");
    assertThat(get("/api/dlq/counts").getInteger("total")).isEqualTo(3);
  }
}
