package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubEvent;
import dev.eventhub.kit.stream.StreamFilter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 item 2: a loop's pass writes each socket's {@code event} frames in one write (one buffer of whole
 * frames), not one write per event, with the same bytes in the same order as Netty's encoder would have
 * written frame by frame; and a socket that fills up mid-pass still gets what it takes and queues the rest.
 * On Netty's embedded channel with the WebSocket encoder the upgrade installs.
 */
class PassWritesTest {
  private final LoopDispatch loop = new LoopDispatch(null);
  private final WebSocketStats stats = new WebSocketStats();
  private final List<EmbeddedChannel> channels = new ArrayList<>();

  @AfterEach
  void close() {
    channels.forEach(EmbeddedChannel::finishAndReleaseAll);
  }

  @Test
  void shouldWriteThePassesEventFramesToEachSocketInOneWriteWithTheBytesOfFrameByFrame() {
    EmbeddedChannel a = channel();
    EmbeddedChannel b = channel();
    subscribe(a, 1);
    subscribe(b, 1);
    Encoded[] events = events(3);

    loop.dispatch(events);

    for (EmbeddedChannel channel : List.of(a, b)) {
      List<ByteBuf> writes = writes(channel);
      assertThat(writes).as("writes to one socket in one pass").hasSize(1);
      assertThat(bytes(writes)).isEqualTo(frameByFrame(List.of(
          payload("sub-1", events[0]), payload("sub-1", events[1]), payload("sub-1", events[2]))));
    }
    assertThat(stats.toJson().getLong("framesSent")).isEqualTo(6);
    assertThat(stats.toJson().getLong("eventsSent")).isEqualTo(6);
  }

  @Test
  void shouldKeepTheOrderOfEventsAcrossTheSubscriptionsOfOneConnection() {
    EmbeddedChannel a = channel();
    Outbox outbox = subscribe(a, 1);
    subscribe(outbox, 2);
    Encoded[] events = events(2);

    loop.dispatch(events);

    List<ByteBuf> writes = writes(a);
    assertThat(writes).hasSize(1);
    assertThat(bytes(writes)).isEqualTo(frameByFrame(List.of(payload("sub-1", events[0]), payload("sub-2", events[0]),
        payload("sub-1", events[1]), payload("sub-2", events[1]))));
  }

  @Test
  void shouldWriteWhatTheSocketTakesAndQueueTheRestInOrderWhenItFillsUpMidPass() {
    EmbeddedChannel a = channel();
    Encoded[] events = events(6);
    Outbox outbox = subscribe(a, 1);
    int payload = payload("sub-1", events[0]).length;
    int frame = WireFrames.headerLength(payload) + payload;
    // Full past two and a half frames: the third frame of the pass fills the socket, the rest wait for it.
    a.config().setWriteBufferWaterMark(new WriteBufferWaterMark(frame, frame * 5 / 2));

    loop.dispatch(events);

    assertThat(stats.toJson().getLong("queuedBytesPeak")).as("bytes that waited for the socket").isPositive();
    List<byte[]> expected = new ArrayList<>();
    for (Encoded e : events) {
      expected.add(payload("sub-1", e));
    }
    assertThat(bytes(writes(a))).isEqualTo(frameByFrame(expected));
    assertThat(outbox.queuedEvents()).isZero();
  }

  private EmbeddedChannel channel() {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    channels.add(channel);
    return channel;
  }

  private Outbox subscribe(EmbeddedChannel channel, int number) {
    Outbox outbox = new Outbox(FrameWriter.of(channel), null, loop, 1 << 20, stats, () -> {});
    subscribe(outbox, number);
    return outbox;
  }

  private void subscribe(Outbox outbox, int number) {
    Subscription s = new Subscription(number, new StreamFilter(List.of("orders"), List.of(), List.of()), false, outbox,
        1 << 20);
    s.goLive(null);
    loop.add(s);
  }

  private static Encoded[] events(int n) {
    Encoded[] events = new Encoded[n];
    for (int i = 0; i < n; i++) {
      events[i] = new Encoded(new HubEvent("id-" + i, String.format("%016d", i + 1), "orders", "placed", "k",
          Instant.now(), new JsonObject().put("n", i).put("text", "x".repeat(100 + 20 * i))));
    }
    return events;
  }

  private static byte[] payload(String subscription, Encoded e) {
    return Frames.event(subscription, e.envelope, false);
  }

  // What Netty's WebSocket encoder writes for these text frames, one after the other.
  private static byte[] frameByFrame(List<byte[]> payloads) {
    EmbeddedChannel encoder = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    for (byte[] payload : payloads) {
      encoder.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }
    List<ByteBuf> out = new ArrayList<>();
    ByteBuf part;
    while ((part = encoder.readOutbound()) != null) {
      out.add(part);
    }
    return bytes(out);
  }

  private static List<ByteBuf> writes(EmbeddedChannel channel) {
    List<ByteBuf> out = new ArrayList<>();
    Object part;
    while ((part = channel.readOutbound()) != null) {
      out.add((ByteBuf) part);
    }
    return out;
  }

  private static byte[] bytes(List<ByteBuf> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf part : parts) {
      out.writeBytes(ByteBufUtil.getBytes(part));
      part.release();
    }
    return out.toByteArray();
  }
}
