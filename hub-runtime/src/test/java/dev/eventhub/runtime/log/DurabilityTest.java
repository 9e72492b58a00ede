package dev.eventhub.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.ChildHub;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 201 means the event survives kill -9 of the hub. */
class DurabilityTest {
  private static final int PUBLISHERS = 4;
  private static final int KILL_AFTER_ACKS = 600;

  @TempDir Path dir;

  record Ack(String key, int seq, String id, String cursor) {}

  @Test
  void shouldKeepEveryAcknowledgedEventOnceAndInOrderAfterKillMinus9() throws Exception {
    List<Ack> acks = new CopyOnWriteArrayList<>();
    try (ChildHub child = ChildHub.start(dir, Map.of())) {
      int port = child.awaitReady();
      String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:*", 3600));
      CountDownLatch enough = new CountDownLatch(KILL_AFTER_ACKS);
      List<CompletableFuture<Void>> publishers = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        String key = "publisher-" + p;
        publishers.add(CompletableFuture.runAsync(() -> publishUntilRefused(port, token, key, acks, enough)));
      }
      assertThat(enough.await(60, TimeUnit.SECONDS)).as(child.output()).isTrue();
      // Killed while the publishers are still sending: some requests are in flight, unanswered.
      child.kill();
      CompletableFuture.allOf(publishers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    try (TestHub restarted = TestHub.start(dir)) {
      List<JsonObject> log = readAll(restarted);
      Map<String, JsonObject> byId = new HashMap<>();
      for (JsonObject e : log) {
        assertThat(byId.put(e.getString("id"), e)).as("recorded once: %s", e.getString("id")).isNull();
      }
      assertThat(acks.size()).isGreaterThanOrEqualTo(KILL_AFTER_ACKS);
      for (Ack ack : acks) {
        JsonObject recorded = byId.get(ack.id());
        assertThat(recorded).as("acknowledged event %s is in the log", ack.id()).isNotNull();
        assertThat(recorded.getString("cursor")).isEqualTo(ack.cursor());
        assertThat(recorded.getJsonObject("data").getInteger("seq")).isEqualTo(ack.seq());
      }
      for (int p = 0; p < PUBLISHERS; p++) {
        String key = "publisher-" + p;
        List<Integer> order = log.stream().filter(e -> key.equals(e.getString("key")))
            .map(e -> e.getJsonObject("data").getInteger("seq")).toList();
        assertThat(order).as("each publisher's events in the order it sent them").isSorted();
      }
    }
  }

  // The timeouts only bound a hung hub: a killed one fails every request at once (its sockets are reset), and a
  // short one would end a publisher on a busy machine as if the hub were gone.
  private static void publishUntilRefused(int port, String token, String key, List<Ack> acks, CountDownLatch enough) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    for (int seq = 0; ; seq++) {
      String body = new JsonObject().put("category", "durable").put("event", "written").put("key", key)
          .put("data", new JsonObject().put("seq", seq)).encode();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events"))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
          throw new AssertionError("publish answered " + response.statusCode() + ": " + response.body());
        }
        JsonObject answer = new JsonObject(response.body());
        acks.add(new Ack(key, seq, answer.getString("id"), answer.getString("cursor")));
        enough.countDown();
      } catch (java.io.IOException e) {
        return; // The hub is gone: what was not answered was not promised.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static List<JsonObject> readAll(TestHub hub) {
    List<JsonObject> out = new ArrayList<>();
    String since = "";
    while (true) {
      JsonObject page = hub.get("/api/events?categories=durable&limit=1000&since=" + since, hub.adminToken())
          .bodyAsJsonObject();
      JsonArray events = page.getJsonArray("events");
      events.forEach(e -> out.add((JsonObject) e));
      since = page.getString("next");
      if (!page.getBoolean("more")) {
        return out;
      }
    }
  }
}
