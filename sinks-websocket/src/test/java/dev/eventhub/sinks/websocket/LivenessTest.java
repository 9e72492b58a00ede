package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LivenessTest {
  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldPingEveryIntervalAndKeepAClientThatAnswers() {
    // A client that answers is closed only if a pong comes more than two intervals late: one second
    // each, so that a busy machine's pauses do not pass for a dead client.
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.heartbeatInterval", "1s"));
    try (WsClient c = fixture.connect()) {
      // Vert.x answers pings itself. A client that did not would be closed at the third tick: the fourth
      // ping shows this one was kept past it.
      c.awaitPings(4);
      c.assertNothingPending();
    }
  }

  @Test
  void shouldPingEveryConnectionOfEveryLoopThroughTheWheel() {
    // One heartbeat wheel per event loop (issue 24): connections opened one after another land on different loops
    // and slots of their wheel; every one is pinged, again and again, and none answering is closed.
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.heartbeatInterval", "1s"));
    List<WsClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        clients.add(fixture.connect());
      }
      for (WsClient c : clients) {
        c.awaitPings(3);
      }
      for (WsClient c : clients) {
        c.assertNothingPending();
      }
    } finally {
      clients.forEach(WsClient::close);
    }
  }

  @Test
  void shouldCloseAtExpWhenTheTokenOutlivesTwoHeartbeats() {
    // The expiry timer is armed only within two heartbeat intervals of exp, by the wheel's visit: with 1-second
    // heartbeats a 6-second token is armed by a later visit, not at the connect, and still closes with 4001 at exp.
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.heartbeatInterval", "1s"));
    long exp = Instant.now().getEpochSecond() + 6;
    String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", exp));
    try (WsClient c = WsClient.open(fixture.hub, fixture.client, token)) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("expiring")));
      assertThat(c.awaitClose()).isEqualTo((short) 4001);
      assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(exp * 1000);
      assertThat(c.ws.closeReason()).isEqualTo("token expired");
    }
  }

  @Test
  void shouldCloseAClientThatStopsAnsweringPingsWith1001() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.heartbeatInterval", "50ms"));
    // Held until the end: Vert.x closes a client that has become garbage, and its connections with it.
    NetClient net = fixture.clientVertx.createNetClient();
    NetSocket socket = TestHub.await(net.connect(fixture.hub.port(), "127.0.0.1"));
    RawFrames frames = new RawFrames();
    socket.handler(frames::append);
    socket.write("GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
        + "Authorization: Bearer " + fixture.hub.token("subscribe:*") + "\r\n\r\n");

    int code = TestHub.await(frames.closeCode.future());
    TestHub.await(net.close());
    assertThat(code).isEqualTo(1001);
    assertThat(frames.opcodes).startsWith(0x9, 0x9).endsWith(0x8);
  }

  @Test
  void shouldCloseWith4001WhenTheTokenExpires() {
    fixture = Fixture.start(dir);
    // exp is in whole seconds: a token of N seconds expires in N-1 to N. Three leave the connect and the
    // subscribe at least two seconds to finish before the expiry closes the connection.
    String shortLived = fixture.hub.hub().tokens().issue("test", Set.of("subscribe:*"), Duration.ofSeconds(3));
    try (WsClient c = WsClient.open(fixture.hub, fixture.client, shortLived)) {
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("expiring")));
      assertThat(c.awaitClose()).isEqualTo((short) 4001);
      assertThat(c.ws.closeReason()).isEqualTo("token expired");
    }
    assertThat(fixture.stats().getLong("subscriptionsActive")).isZero();
  }

  @Test
  void shouldKeepAConnectionOpenUntilTheLeewayAfterExpRunsOut() {
    // One leeway everywhere: a token the upgrade accepts (expired 2 s ago, 5 s leeway) is not closed at once.
    fixture = Fixture.start(dir, c -> c.with("auth.jwt.leeway", "5s"));
    String justExpired = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", Instant.now().getEpochSecond() - 2));
    try (WsClient c = WsClient.open(fixture.hub, fixture.client, justExpired)) {
      c.assertNothingPending();
      assertThat(c.awaitClose()).isEqualTo((short) 4001);
    }
  }

  @Test
  void shouldCloseEveryConnectionWith1001OnShutdown() {
    fixture = Fixture.start(dir);
    List<WsClient> clients = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      WsClient c = fixture.connect();
      c.subscribe(new JsonObject().put("categories", new JsonArray().add("shutdown")));
      clients.add(c);
    }
    fixture.stopHub();
    for (WsClient c : clients) {
      assertThat(c.awaitClose()).isEqualTo((short) 1001);
      assertThat(c.ws.closeReason()).isEqualTo("hub shutting down");
    }
  }

  /** The server's side of a raw WebSocket stream: skips the HTTP response, then reads unmasked frames. */
  private static final class RawFrames {
    final List<Integer> opcodes = new ArrayList<>();
    final Promise<Integer> closeCode = Promise.promise();
    private Buffer pending = Buffer.buffer();
    private boolean upgraded;

    void append(Buffer data) {
      pending.appendBuffer(data);
      if (!upgraded) {
        int end = pending.toString().indexOf("\r\n\r\n");
        if (end < 0) {
          return;
        }
        if (!pending.toString().startsWith("HTTP/1.1 101")) {
          closeCode.tryFail("upgrade refused: " + pending);
          return;
        }
        upgraded = true;
        pending = pending.getBuffer(end + 4, pending.length());
      }
      while (pending.length() >= 2) {
        int length = pending.getByte(1) & 0x7f;
        if (length > 125 || pending.length() < 2 + length) {
          return;
        }
        int opcode = pending.getByte(0) & 0x0f;
        opcodes.add(opcode);
        if (opcode == 0x8) {
          closeCode.tryComplete(length >= 2 ? pending.getUnsignedShort(2) : -1);
        }
        pending = pending.getBuffer(2 + length, pending.length());
      }
    }
  }
}
