package dev.eventhub.sinks.websocket;

import static dev.eventhub.sinks.websocket.PublishTest.event;
import static dev.eventhub.sinks.websocket.PublishTest.publish;
import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24 item 6: a shutdown answers every publish under way before it closes the connection (published,
 * or an error for those it refuses), so that no recorded event goes unanswered.
 */
class PublishShutdownTest {
  @TempDir Path dir;

  @Test
  void shouldAnswerEveryPublishUnderWayBeforeClosingForAShutdown() throws InterruptedException {
    int inFlight = 20;
    Map<String, JsonObject> answers = new ConcurrentHashMap<>();
    AtomicInteger sent = new AtomicInteger();
    CountDownLatch going = new CountDownLatch(100);
    try (Fixture fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxMessagesPerSecond", 1_000_000))) {
      WsClient c = fixture.connect("publish:pub-stop");
      // A closed loop: each answer sends the next publish, so that publishes are under way when the shutdown begins.
      c.listen(frame -> {
        answers.put(frame.getString("id"), frame);
        going.countDown();
        send(c, sent.incrementAndGet());
      });
      for (int i = 0; i < inFlight; i++) {
        send(c, sent.incrementAndGet());
      }
      assertThat(going.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      fixture.stopHub();
      assertThat(TestHub.await(c.closed.future())).isEqualTo((short) 1001);
    }
    answers.values().stream().filter(a -> a.getString("type").equals("error"))
        .forEach(a -> assertThat(a.getString("code")).as(a.encode()).isEqualTo("unavailable"));
    // Every event the log holds was answered published before the connection closed.
    try (TestHub again = TestHub.start(dir)) {
      JsonArray history = new JsonArray();
      JsonObject page = new JsonObject().put("more", true).put("next", "");
      while (page.getBoolean("more")) {
        page = again.get("/api/events?categories=pub-stop&limit=1000&since=" + page.getString("next"),
            again.adminToken()).bodyAsJsonObject();
        history.addAll(page.getJsonArray("events"));
      }
      assertThat(history).isNotEmpty();
      for (Object e : history) {
        String id = ((JsonObject) e).getString("id");
        assertThat(answers.get(id)).as("the answer to " + id).isNotNull();
        assertThat(answers.get(id).getString("type")).isEqualTo("published");
      }
    }
  }

  private static void send(WsClient c, int n) {
    if (!c.ws.isClosed()) {
      c.ws.writeTextMessage(publish("s" + n, event("pub-stop", "thing-done", null).put("id", "s" + n)).encode());
    }
  }
}
