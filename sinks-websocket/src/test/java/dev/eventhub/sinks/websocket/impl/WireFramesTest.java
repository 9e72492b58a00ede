package dev.eventhub.sinks.websocket.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Frames built with their header by the sink ({@link WireFrames}) are written past Netty's WebSocket encoder:
 * they must be, byte for byte, what that encoder writes for the same text frame, at every length encoding.
 */
class WireFramesTest {
  @Test
  void shouldBuildTheBytesNettysEncoderWritesForEveryLengthEncoding() {
    for (int length : new int[] {0, 1, 125, 126, 127, 1023, 1024, 1025, 65_535, 65_536, 200_000}) {
      byte[] payload = new byte[length];
      Arrays.fill(payload, (byte) 'x');

      ByteBuf built = Unpooled.buffer();
      WireFrames.writeHeader(built, length);
      assertThat(built.readableBytes()).as("header of %d", length).isEqualTo(WireFrames.headerLength(length));
      built.writeBytes(payload);

      assertThat(ByteBufUtil.getBytes(built)).as("frame of %d bytes", length).isEqualTo(nettyEncoded(payload));
    }
  }

  @Test
  void shouldGiveBackThePayloadOfEachOfSeveralBuiltFramesInOrder() {
    int[] lengths = {3, 125, 126, 65_535, 65_536};
    ByteBuf built = Unpooled.buffer();
    for (int i = 0; i < lengths.length; i++) {
      WireFrames.writeHeader(built, lengths[i]);
      byte[] payload = new byte[lengths[i]];
      Arrays.fill(payload, (byte) ('a' + i));
      built.writeBytes(payload);
    }
    List<ByteBuf> payloads = new ArrayList<>();

    WireFrames.eachPayload(built, payloads::add);

    assertThat(payloads).hasSize(lengths.length);
    for (int i = 0; i < lengths.length; i++) {
      assertThat(payloads.get(i).readableBytes()).as("payload of %d", lengths[i]).isEqualTo(lengths[i]);
      assertThat(payloads.get(i).getByte(lengths[i] - 1)).isEqualTo((byte) ('a' + i));
      payloads.get(i).release();
    }
    assertThat(built.refCnt()).as("the frames' reference released, and each payload's").isZero();
  }

  private static byte[] nettyEncoded(byte[] payload) {
    EmbeddedChannel channel = new EmbeddedChannel(new WebSocket13FrameEncoder(false));
    channel.writeOutbound(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    ByteBuf all = Unpooled.buffer();
    ByteBuf part;
    while ((part = channel.readOutbound()) != null) {
      all.writeBytes(part);
      part.release();
    }
    channel.finishAndReleaseAll();
    return ByteBufUtil.getBytes(all);
  }
}
