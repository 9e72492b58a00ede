package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client written by hand on a plain socket, for what a well-behaved library never sends:
 * a frame header announcing more than the hub takes, floods of control frames written without
 * waiting. Reads block the test thread, at most {@link TestHub#TIMEOUT_SECONDS} each.
 */
final class RawWs implements AutoCloseable {
  static final int TEXT = 0x1;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /**
   * A frame the hub sent.
   *
   * @param compressed its RSV1 bit: set on the first frame of a message compressed by permessage-deflate
   */
  record Frame(int opcode, byte[] payload, boolean compressed) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    JsonObject json() {
      return new JsonObject(text());
    }

    /** The close code of a close frame. */
    int closeCode() {
      return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }
  }

  private static final byte[] MASK = {0x11, 0x22, 0x33, 0x44};
  private final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;
  /** The hub's answer to the upgrade: status line and headers. */
  String head;

  private RawWs(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and upgrades with {@code token}; fails unless the hub switches protocols. */
  static RawWs open(TestHub hub, String token) {
    return open(hub, token, "");
  }

  /** Connects and upgrades with {@code token} and extra header lines (each ending in CRLF). */
  static RawWs open(TestHub hub, String token, String extraHeaders) {
    try {
      Socket socket = new Socket("127.0.0.1", hub.port());
      socket.setSoTimeout((int) (TestHub.TIMEOUT_SECONDS * 1000));
      RawWs ws = new RawWs(socket);
      ws.out.write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + hub.port() + "\r\nUpgrade: websocket\r\n"
          + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
          + "Authorization: Bearer " + token + "\r\n" + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
      ws.out.flush();
      ws.head = ws.readHead();
      assertThat(ws.head).startsWith("HTTP/1.1 101");
      return ws;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the header of a final frame announcing {@code length} payload bytes, and then only {@code sent} of them. */
  void writePartialFrame(int opcode, long length, int sent) {
    write(header(opcode, length));
    write(new byte[sent]);
  }

  /** Writes one whole, masked frame. */
  void writeFrame(int opcode, byte[] payload) {
    ByteBuffer frame = ByteBuffer.allocate(14 + payload.length);
    frame.put(header(opcode, payload.length));
    for (int i = 0; i < payload.length; i++) {
      frame.put((byte) (payload[i] ^ MASK[i & 3]));
    }
    write(java.util.Arrays.copyOf(frame.array(), frame.position()));
  }

  void writeText(String text) {
    writeFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends a close frame with 1000: the hub answers it after everything sent before it. */
  void writeClose() {
    writeFrame(CLOSE, new byte[] {0x03, (byte) 0xe8});
  }

  /** The next frame the hub sends. */
  Frame read() {
    try {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7f;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      return new Frame(b0 & 0x0f, payload, (b0 & 0x40) != 0);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no frame within " + TestHub.TIMEOUT_SECONDS + "s", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every frame up to and including the hub's close frame (the hub's own pings left out). */
  List<Frame> readUntilClose() {
    List<Frame> frames = new ArrayList<>();
    while (true) {
      Frame f = read();
      if (f.opcode() != PING) {
        frames.add(f);
      }
      if (f.opcode() == CLOSE) {
        return frames;
      }
    }
  }

  private byte[] header(int opcode, long length) {
    ByteBuffer h = ByteBuffer.allocate(14);
    h.put((byte) (0x80 | opcode));
    if (length < 126) {
      h.put((byte) (0x80 | length));
    } else if (length <= 0xffff) {
      h.put((byte) (0x80 | 126)).putShort((short) length);
    } else {
      h.put((byte) (0x80 | 127)).putLong(length);
    }
    h.put(MASK);
    return java.util.Arrays.copyOf(h.array(), h.position());
  }

  private void write(byte[] bytes) {
    try {
      out.write(bytes);
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      head.write(in.readUnsignedByte());
      byte[] b = head.toByteArray();
      int n = b.length;
      if (n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n') {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closed already.
    }
  }
}
