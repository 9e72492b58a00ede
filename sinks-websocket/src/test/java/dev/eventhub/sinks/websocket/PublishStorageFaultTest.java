package dev.eventhub.sinks.websocket;

import static dev.eventhub.sinks.websocket.PublishTest.event;
import static dev.eventhub.sinks.websocket.PublishTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.log.impl.LogFaults;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 24 item 6: while the log refuses writes, a publish is answered by an error with its id, never dropped. */
class PublishStorageFaultTest {
  @TempDir Path dir;

  @Test
  void shouldAnswerStorageFullWithTheRequestIdWhileTheStoreIsFull() {
    try (Fixture fixture = Fixture.start(dir); WsClient c = fixture.connect("publish:pub-full", "subscribe:*")) {
      LogFaults.fill(fixture.hub.hub().log());
      try {
        // Big enough to need new pages of the store whatever room its last pages have left.
        JsonObject error = c.request(publish("full", event("pub-full", "thing-done", null)
            .put("data", new JsonObject().put("pad", "x".repeat(16 * 1024)))), "error");
        assertThat(error.getString("id")).isEqualTo("full");
        assertThat(error.getString("code")).isEqualTo("storage_full");
        assertThat(error.getString("message")).doesNotContain("SQLITE").doesNotContain(dir.toString());
        c.assertNothingPending();
      } finally {
        LogFaults.free(fixture.hub.hub().log());
      }
      assertThat(fixture.hub.get("/api/events?categories=pub-full", fixture.hub.adminToken()).bodyAsJsonObject()
          .getJsonArray("events")).isEmpty();
    }
  }
}
