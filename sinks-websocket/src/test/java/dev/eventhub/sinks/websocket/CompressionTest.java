package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * permessage-deflate (RFC 7692) on the sink's connections (issue 19): negotiated per connection when
 * {@code plugins.websocket.compression} is on, never when it is off (the default). Frames are read
 * off the wire by hand, so the test sees what was compressed, and inflates it itself.
 */
class CompressionTest {
  static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
  // Repetitive data: deflate makes it much smaller, so a compressed frame is told apart by its size too.
  static final JsonObject DATA = new JsonObject().put("text", "the same words again and again ".repeat(40));

  @TempDir Path dir;

  @Test
  void shouldCompressForAClientThatOffersItWhenEnabled() throws Exception {
    try (Fixture f = Fixture.start(dir, c -> c.with("plugins.websocket.compression", true))) {
      try (RawWs ws = RawWs.open(f.hub, f.hub.token("subscribe:*"), OFFER)) {
        Inflater inflater = new Inflater(true);
        assertThat(ws.head.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
        ws.writeText(subscribe().encode());
        RawWs.Frame subscribed = ws.read();
        assertThat(subscribed.compressed()).isTrue();
        assertThat(new JsonObject(inflate(inflater, subscribed.payload())).getString("type")).isEqualTo("subscribed");

        String id = f.hub.publish("docs", "written", "k", DATA).getString("id");
        RawWs.Frame event = ws.read();
        assertThat(event.compressed()).isTrue();
        JsonObject frame = new JsonObject(inflate(inflater, event.payload()));
        assertThat(frame.getString("type")).isEqualTo("event");
        assertThat(frame.getString("id")).isEqualTo(id);
        assertThat(frame.getJsonObject("data")).isEqualTo(DATA);
        assertThat(event.payload().length).isLessThan(DATA.encode().length() / 4);
      }
      // The same hub, a client that does not offer it: plain frames.
      try (RawWs ws = RawWs.open(f.hub, f.hub.token("subscribe:*"))) {
        assertThat(ws.head.toLowerCase()).doesNotContain("sec-websocket-extensions");
        ws.writeText(subscribe().encode());
        RawWs.Frame subscribed = ws.read();
        assertThat(subscribed.compressed()).isFalse();
        assertThat(subscribed.json().getString("type")).isEqualTo("subscribed");
      }
    }
  }

  @Test
  void shouldGiveEveryCompressedAndPlainConnectionEveryEventIntact() throws Exception {
    // The hub encodes an event once and shares the bytes between connections: each compressing
    // connection must compress them without disturbing what the others send.
    try (Fixture f = Fixture.start(dir, c -> c.with("plugins.websocket.compression", true));
        RawWs a = RawWs.open(f.hub, f.hub.token("subscribe:*"), OFFER);
        RawWs b = RawWs.open(f.hub, f.hub.token("subscribe:*"), OFFER);
        RawWs plain = RawWs.open(f.hub, f.hub.token("subscribe:*"))) {
      Inflater inflaterA = new Inflater(true);
      Inflater inflaterB = new Inflater(true);
      for (RawWs ws : java.util.List.of(a, b, plain)) {
        ws.writeText(subscribe().encode());
      }
      inflate(inflaterA, a.read().payload());
      inflate(inflaterB, b.read().payload());
      plain.read();
      java.util.List<HubEvent> published = f.publish("docs", "written", 20);
      for (HubEvent event : published) {
        assertThat(new JsonObject(inflate(inflaterA, a.read().payload())).getString("id")).isEqualTo(event.id());
        assertThat(new JsonObject(inflate(inflaterB, b.read().payload())).getString("id")).isEqualTo(event.id());
        JsonObject frame = plain.read().json();
        assertThat(frame.getString("id")).isEqualTo(event.id());
        assertThat(frame.getJsonObject("data").getInteger("i")).isEqualTo(event.data().getInteger("i"));
      }
    }
  }

  @Test
  void shouldBeDecodedByAClientLibraryThatNegotiatesIt() throws Exception {
    try (Fixture f = Fixture.start(dir, c -> c.with("plugins.websocket.compression", true))) {
      WebSocketClient client = f.clientVertx.createWebSocketClient(
          new WebSocketClientOptions().setTryUsePerMessageCompression(true));
      WebSocket ws = TestHub.await(client.connect(WsClient.options(f.hub, f.hub.token("subscribe:*"))));
      assertThat(ws.headers().get("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
      BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
      ws.textMessageHandler(text -> frames.add(new JsonObject(text)));
      TestHub.await(ws.writeTextMessage(subscribe().encode()));
      assertThat(next(frames).getString("type")).isEqualTo("subscribed");
      f.hub.publish("docs", "written", "k", DATA);
      assertThat(next(frames).getJsonObject("data")).isEqualTo(DATA);
      TestHub.await(ws.close());
    }
  }

  @Test
  void shouldNeverNegotiateItWhenDisabledWhichIsTheDefault() {
    try (Fixture f = Fixture.start(dir); RawWs ws = RawWs.open(f.hub, f.hub.token("subscribe:*"), OFFER)) {
      assertThat(ws.head.toLowerCase()).doesNotContain("sec-websocket-extensions");
      ws.writeText(subscribe().encode());
      assertThat(ws.read().compressed()).isFalse();
      f.hub.publish("docs", "written", "k", DATA);
      RawWs.Frame event = ws.read();
      assertThat(event.compressed()).isFalse();
      assertThat(event.json().getJsonObject("data")).isEqualTo(DATA);
    }
  }

  private static JsonObject subscribe() {
    return new JsonObject().put("type", "subscribe").put("id", "s").put("categories", new JsonArray().add("docs"));
  }

  private static JsonObject next(BlockingQueue<JsonObject> frames) throws InterruptedException {
    JsonObject frame = frames.poll(TestHub.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(frame).as("a frame within %ss", TestHub.TIMEOUT_SECONDS).isNotNull();
    return frame;
  }

  // RFC 7692, 7.2.2: a message's payload plus 00 00 ff ff is raw deflate. The hub may keep its window
  // across messages (context takeover), so a connection's messages go through one inflater, in order.
  private static String inflate(Inflater inflater, byte[] payload) throws DataFormatException {
    byte[] input = new byte[payload.length + 4];
    System.arraycopy(payload, 0, input, 0, payload.length);
    input[payload.length + 2] = (byte) 0xff;
    input[payload.length + 3] = (byte) 0xff;
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    do {
      n = inflater.inflate(buffer);
      out.write(buffer, 0, n);
    } while (n > 0);
    return out.toString(StandardCharsets.UTF_8);
  }
}
