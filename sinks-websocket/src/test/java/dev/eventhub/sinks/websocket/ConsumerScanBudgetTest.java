package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 (K4): a history page of a filter no index serves stops at {@code log.maxScanRows} rows, possibly empty, with
 * {@code more} and a {@code next} past them. A named consumer behind the log reads on from that {@code next}: it
 * reached its rare event instead of reading the same empty page again and again.
 */
class ConsumerScanBudgetTest {
  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldReachARareEventPastPagesTheScanBudgetLeftEmpty() {
    fixture = Fixture.start(dir, c -> c.with("log.maxScanRows", 20));
    HubEvent start = fixture.publish("jobs", "start", "k");
    fixture.publish("jobs", "common", 200);
    HubEvent rare = fixture.publish("jobs", "rare", "k");

    WsClient client = fixture.connect();
    client.subscribe(new JsonObject().put("id", "s1").put("consumer", "rare-only").put("autoAck", true)
        .put("categories", new JsonArray().add("jobs")).put("events", new JsonArray().add("rare"))
        .put("since", start.cursor()));
    List<JsonObject> events = client.events(1);
    assertThat(events.get(0).getString("cursor")).isEqualTo(rare.cursor());
    client.close();
  }
}
