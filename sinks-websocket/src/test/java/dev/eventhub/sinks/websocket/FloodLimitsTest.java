package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.sinks.websocket.RawWs.Frame;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits that hold before the hub does the work: frames refused from their header, pings and
 * messages over the rate dropped unread. Each flood ends with the
 * client's close frame, which the hub answers after everything sent before it: the frames read up to
 * the hub's close are all the hub sent, whatever the machine's speed.
 */
class FloodLimitsTest {
  private static final int RATE = 5;
  private static final int FLOOD = 300;

  @TempDir static Path dir;
  static Fixture fixture;

  @BeforeAll
  static void start() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxMessagesPerSecond", RATE)
        .with("plugins.websocket.maxFrameSize", 1024));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void shouldRefuseAFrameOverTheLimitFromItsHeaderWith1009() {
    try (RawWs ws = RawWs.open(fixture.hub, fixture.hub.token("subscribe:*"))) {
      // 512 KiB announced, 16 bytes sent: only a server that checks the header answers before the rest comes.
      ws.writePartialFrame(RawWs.TEXT, 512 * 1024, 16);
      Frame close = ws.read();
      assertThat(close.opcode()).isEqualTo(RawWs.CLOSE);
      assertThat(close.closeCode()).isEqualTo(1009);
    }
  }

  @Test
  void shouldCountPingsInTheRateLimitAndDropThoseOverIt() {
    long limitedBefore = fixture.stats().getLong("rateLimited");
    try (RawWs ws = RawWs.open(fixture.hub, fixture.hub.token("subscribe:*"))) {
      for (int i = 0; i < FLOOD; i++) {
        ws.writeFrame(RawWs.PING, "p".getBytes(StandardCharsets.UTF_8));
      }
      ws.writeClose();
      List<Frame> frames = ws.readUntilClose();
      long pongs = frames.stream().filter(f -> f.opcode() == RawWs.PONG).count();
      assertThat(pongs).as("pongs for %s pings at %s a second", FLOOD, RATE).isBetween((long) RATE, FLOOD - 1L);
      assertThat(fixture.stats().getLong("rateLimited") - limitedBefore).isEqualTo(FLOOD - pongs);
    }
  }

  @Test
  void shouldDropMessagesOverTheRateUnreadWithOneNoticePerRun() {
    long limitedBefore = fixture.stats().getLong("rateLimited");
    try (RawWs ws = RawWs.open(fixture.hub, fixture.hub.token("subscribe:*"))) {
      for (int i = 0; i < FLOOD; i++) {
        ws.writeText(i % 2 == 0 ? "not json " + i : new JsonObject().put("type", "ping").put("id", i).encode());
      }
      ws.writeClose();
      List<JsonObject> replies = ws.readUntilClose().stream().filter(f -> f.opcode() == RawWs.TEXT)
          .map(Frame::json).toList();
      List<JsonObject> notices = replies.stream().filter(r -> "rate_limited".equals(r.getString("code"))).toList();
      List<JsonObject> answered = replies.stream().filter(r -> !"rate_limited".equals(r.getString("code"))).toList();
      long limited = fixture.stats().getLong("rateLimited") - limitedBefore;

      // Every message was answered or dropped; the dropped ones were not even parsed: no notice names an id.
      assertThat(answered.size() + limited).isEqualTo(FLOOD);
      assertThat(answered).allMatch(r -> r.getString("type").equals("pong")
          || (r.getString("code").equals("bad_request") && r.getString("message").contains("not JSON")));
      assertThat(limited).isPositive();
      assertThat(notices).isNotEmpty().allMatch(n -> !n.containsKey("id"));
      // One notice per run of dropped messages, not one per message: a flood gets few frames back.
      assertThat(notices.size()).isLessThanOrEqualTo(answered.size() + 1);
      assertThat(replies.size()).isLessThan(FLOOD);
    }
  }
}
