package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.log.impl.LogFaults;
import dev.eventhub.runtime.testing.HttpAssertions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 17: the log's write queue is bounded; beyond it a publish is a 503, and nothing accepted is lost. */
class WriteQueueTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseAPublishWhileTheWriterIsBehindAndLoseNothingItAccepted() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("log.maxQueuedEvents", 3))) {
      String token = hub.adminToken();
      List<Future<HubEvent>> accepted = new ArrayList<>();
      HubException refused;
      try (LogFaults.Held held = LogFaults.hold(hub.hub().log())) {
        // Plugins' publishes reach the queue before publish() returns: three fill it.
        for (int i = 0; i < 3; i++) {
          accepted.add(hub.hub().publisher().publish(EventDraft.of("orders", "placed", "k" + i, new JsonObject())));
        }
        Future<HubEvent> fourth = hub.hub().publisher().publish(EventDraft.of("orders", "placed", "k3", new JsonObject()));
        refused = (HubException) TestHub.await(fourth.transform(ar -> Future.succeededFuture(ar.cause())));

        HttpResponse<Buffer> r = hub.post("/api/events", token,
            new JsonObject().put("category", "orders").put("event", "placed").put("data", new JsonObject()));
        String message = HttpAssertions.error(r, 503, "unavailable");
        assertThat(message).contains("log.maxQueuedEvents");
        assertThat(r.getHeader("Retry-After")).isNotBlank();
        held.release();
      }
      assertThat(refused.code().code()).isEqualTo("unavailable");
      assertThat(refused.getMessage()).contains("log.maxQueuedEvents");

      List<String> ids = new ArrayList<>();
      for (Future<HubEvent> f : accepted) {
        ids.add(TestHub.await(f).id());
      }
      List<String> recorded = new ArrayList<>();
      HttpAssertions.ok(hub.get("/api/events?categories=orders", token), 200).getJsonArray("events")
          .forEach(e -> recorded.add(((JsonObject) e).getString("id")));
      assertThat(recorded).containsExactlyElementsOf(ids);
      assertThat(hub.get("/metrics", null).bodyAsString()).contains("hub_log_refused_total{reason=\"queue_full\"} 2.0");
      // The queue drained: publishes are taken again.
      hub.publish("orders", "placed", "k4", new JsonObject());
    }
  }
}
