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
    int sent = 300;
    Map<String, JsonObject> answers = new ConcurrentHashMap<>();
    CountDownLatch firstAnswer = new CountDownLatch(1);
    try (Fixture fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxMessagesPerSecond", 100_000)
        .with("plugins.websocket.maxPublishesInFlight", sent))) {
      WsClient c = fixture.connect("publish:pub-stop");
      c.listen(frame -> {
        answers.put(frame.getString("id"), frame);
        firstAnswer.countDown();
      });
      for (int i = 0; i < sent; i++) {
        c.ws.writeTextMessage(publish("s" + i, event("pub-stop", "thing-done", null).put("id", "s" + i)).encode());
      }
      assertThat(firstAnswer.await(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      fixture.stopHub();
      assertThat(TestHub.await(c.closed.future())).isEqualTo((short) 1001);
    }
    answers.values().stream().filter(a -> a.getString("type").equals("error"))
        .forEach(a -> assertThat(a.getString("code")).as(a.encode()).isEqualTo("unavailable"));
    // Every event the log holds was answered published before the connection closed.
    try (TestHub again = TestHub.start(dir)) {
      JsonArray history = again.get("/api/events?categories=pub-stop&limit=1000", again.adminToken())
          .bodyAsJsonObject().getJsonArray("events");
      assertThat(history).isNotEmpty();
      for (Object e : history) {
        String id = ((JsonObject) e).getString("id");
        assertThat(answers.get(id)).as("the answer to " + id).isNotNull();
        assertThat(answers.get(id).getString("type")).isEqualTo("published");
      }
    }
  }
}
