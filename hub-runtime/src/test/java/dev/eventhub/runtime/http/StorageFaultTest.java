package dev.eventhub.runtime.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.EventDraft;
import dev.eventhub.runtime.log.impl.LogFaults;
import dev.eventhub.runtime.testing.Eventually;
import dev.eventhub.runtime.testing.HttpAssertions;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 20: a full or failing store is a 503 that names the cause, and the hub recovers by itself. */
class StorageFaultTest {
  // Held here: java.util.logging keeps loggers only weakly.
  private static final Logger LOG_PACKAGE = Logger.getLogger("dev.eventhub.runtime.log.impl");

  @TempDir Path dir;
  final List<LogRecord> logged = new CopyOnWriteArrayList<>();
  final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(record);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @BeforeEach
  void captureLog() {
    LOG_PACKAGE.addHandler(capture);
  }

  @AfterEach
  void stopCapturing() {
    LOG_PACKAGE.removeHandler(capture);
  }

  // Big enough to need new pages of the store whatever room its last pages have left.
  static JsonObject big(int i) {
    return new JsonObject().put("i", i).put("pad", "x".repeat(16 * 1024));
  }

  @Test
  void shouldAnswer503StorageFullWhileTheStoreIsFullAndRecoverWithoutAPublish() {
    try (TestHub hub = TestHub.start(dir)) {
      String token = hub.adminToken();
      String before = hub.publish("orders", "placed", "k", big(0)).getString("id");

      LogFaults.fill(hub.hub().log());
      for (int i = 1; i <= 3; i++) {
        HttpResponse<Buffer> r = hub.post("/api/events", token,
            new JsonObject().put("category", "orders").put("event", "placed").put("data", big(i)));
        String message = HttpAssertions.error(r, 503, "storage_full");
        assertThat(message).doesNotContain("SQLITE").doesNotContain(dir.toString());
        assertThat(r.getHeader("Retry-After")).isNotBlank();
      }
      // A plugin's publish fails the same way, as a HubException that names the cause.
      Future<HubEvent> plugin = hub.hub().publisher().publish(EventDraft.of("orders", "placed", "k", big(9)));
      Throwable failure = TestHub.await(plugin.transform(ar -> Future.succeededFuture(ar.cause())));
      assertThat(failure).isInstanceOf(HubException.class);
      assertThat(((HubException) failure).code().code()).isEqualTo("storage_full");

      JsonObject ready = HttpAssertions.ok(hub.get("/ready", null), 503);
      assertThat(ready.getString("storage")).isEqualTo("storage_full");
      assertThat(hub.get("/metrics", null).bodyAsString()).contains("hub_log_refused_total{reason=\"storage_full\"} 4.0")
          .contains("hub_log_storage_fault 1.0");
      // One line for the episode, not one per refused write.
      assertThat(logged).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).hasSize(1);

      LogFaults.free(hub.hub().log());
      // No publish meanwhile: the log's own probe finds the store writable again.
      Eventually.await(hub.vertx(), () -> hub.client().get("/ready").send().map(r -> r.statusCode() == 200));
      assertThat(logged).filteredOn(r -> r.getMessage().contains("takes writes again")).hasSize(1);
      assertThat(logged).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).hasSize(1);

      String after = hub.publish("orders", "placed", "k", big(10)).getString("id");
      List<String> ids = new ArrayList<>();
      HttpAssertions.ok(hub.get("/api/events?categories=orders", token), 200).getJsonArray("events")
          .forEach(e -> ids.add(((JsonObject) e).getString("id")));
      // Everything acknowledged is there, once; nothing refused is.
      assertThat(ids).containsExactly(before, after);
    }
  }
}
