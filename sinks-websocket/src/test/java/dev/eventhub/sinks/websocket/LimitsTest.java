package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimitsTest {
  @TempDir static Path dir;
  static Fixture fixture;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxSubscriptionsPerConnection", 3)
        .with("plugins.websocket.maxMessagesPerSecond", 10)
        .with("plugins.websocket.maxFrameSize", 1024)
        .with("plugins.websocket.maxPatternsPerConnection", 10));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldRefuseASubscriptionPastTheLimitUntilOneIsDropped() {
    try (WsClient c = fixture.connect()) {
      for (int i = 1; i <= 3; i++) {
        c.subscribe(new JsonObject().put("categories", new JsonArray().add("limits-" + i)));
      }
      JsonObject error = c.request(new JsonObject().put("type", "subscribe").put("id", "s4")
          .put("categories", new JsonArray().add("limits-4")), "error");
      assertThat(error.getString("id")).isEqualTo("s4");
      assertThat(error.getString("code")).isEqualTo("too_many_subscriptions");

      c.request(new JsonObject().put("type", "unsubscribe").put("subscription", "sub-2"), "unsubscribed");
      assertThat(c.subscribe(new JsonObject().put("categories", new JsonArray().add("limits-4")))
          .getString("subscription")).isEqualTo("sub-4");
    }
  }

  @Test
  void shouldDropMessagesPastTheRateWithOneRateLimitedNoticeAndStayOpen() {
    long limitedBefore = fixture.stats().getLong("rateLimited");
    try (WsClient c = fixture.connect()) {
      for (int i = 0; i < 30; i++) {
        c.ws.writeTextMessage(new JsonObject().put("type", "ping").put("id", i).encode());
      }
      // The hub answers the close after every message sent before it: the replies are all in by then.
      c.ws.close();
      c.awaitClose();
      List<JsonObject> replies = new ArrayList<>();
      while (c.hasPendingFrames()) {
        replies.add(c.next());
      }
      List<JsonObject> pongs = replies.stream().filter(r -> r.getString("type").equals("pong")).toList();
      List<JsonObject> notices = replies.stream().filter(r -> r.getString("type").equals("error")).toList();
      assertThat(pongs.size() + notices.size()).isEqualTo(replies.size());
      assertThat(pongs.subList(0, 10)).extracting(r -> r.getInteger("id")).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
      assertThat(notices).isNotEmpty().allMatch(r -> r.getString("code").equals("rate_limited") && !r.containsKey("id"));
      assertThat(fixture.stats().getLong("rateLimited") - limitedBefore).isEqualTo(30 - pongs.size());
    }
  }

  @Test
  void shouldCloseWith1009OnAMessageOverTheFrameLimit() {
    try (WsClient c = fixture.connect()) {
      c.assertNothingPending();
      c.send(new JsonObject().put("type", "ping").put("id", "x".repeat(1100)).encode());
      assertThat(c.awaitClose()).isEqualTo((short) 1009);
    }
  }

  @Test
  void shouldCloseWith1009WhenFragmentsAddUpToMoreThanTheLimit() {
    try (WsClient c = fixture.connect()) {
      TestHub.await(c.ws.writeFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",\"id\":\"" + "y".repeat(600), false)));
      TestHub.await(c.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("z".repeat(600) + "\"}"), true)));
      assertThat(c.awaitClose()).isEqualTo((short) 1009);
    }
  }

  @Test
  void shouldAcceptAFragmentedMessageUnderTheLimit() {
    try (WsClient c = fixture.connect()) {
      TestHub.await(c.ws.writeFrame(WebSocketFrame.textFrame("{\"type\":\"ping\",", false)));
      TestHub.await(c.ws.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer("\"id\":\"frag\"}"), true)));
      assertThat(c.next("pong").getString("id")).isEqualTo("frag");
    }
  }

  @Test
  void shouldBoundTheConnectionsPatternsInTotal() {
    try (WsClient c = fixture.connect()) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("a").add("b").add("c").add("d"))
          .put("events", new JsonArray().add("x-*").add("y-*")));
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("e").add("f"))
          .put("keys", new JsonArray().add("k1").add("k2")));
      JsonObject error = c.request(new JsonObject().put("type", "subscribe").put("id", "s3")
          .put("categories", new JsonArray().add("g")), "error");
      assertThat(error.getString("id")).isEqualTo("s3");
      assertThat(error.getString("code")).isEqualTo("too_many_subscriptions");
      assertThat(error.getString("message")).contains("maxPatternsPerConnection").contains("10");

      c.request(new JsonObject().put("type", "unsubscribe").put("subscription", "sub-2"), "unsubscribed");
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("g")));
      JsonObject tooBig = c.request(new JsonObject().put("type", "subscribe").put("id", "s5")
          .put("categories", new JsonArray().add("h").add("i").add("j").add("l")), "error");
      assertThat(tooBig.getString("code")).isEqualTo("too_many_subscriptions");
      c.assertNothingPending();
    }
  }
}
