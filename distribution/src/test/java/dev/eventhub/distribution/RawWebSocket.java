package dev.eventhub.distribution;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client over a plain socket that writes whatever frames the test builds (fragments with
 * control frames between them, reserved bits and opcodes, unmasked frames, invalid UTF-8), which no
 * WebSocket library sends on purpose.
 */
final class RawWebSocket implements AutoCloseable {
  static final int TEXT = 1;
  static final int BINARY = 2;
  static final int CONTINUATION = 0;
  static final int CLOSE = 8;
  static final int PING = 9;
  static final int PONG = 10;

  /** A frame the hub sent. */
  record Frame(int opcode, byte[] payload) {
    String text() {
      return new String(payload, StandardCharsets.UTF_8);
    }

    /** The close code of a close frame; 1005 (none) when it carries none. */
    int closeCode() {
      return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
    }

    String closeReason() {
      return payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
    }

    @Override
    public String toString() {
      return opcode == CLOSE ? "close " + closeCode() + " '" + closeReason() + "'"
          : "opcode " + opcode + " " + HostileChecks.abbreviate(text(), 300);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /**
   * Opens {@code path} with {@code authorization} (a whole header value, or null); returns the socket
   * when the hub switched protocols, else throws {@link Refused} with its HTTP answer.
   */
  static RawWebSocket open(int port, String path, String authorization) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
    socket.setSoTimeout(RawHttp.READ_TIMEOUT_MILLIS);
    byte[] nonce = new byte[16];
    ThreadLocalRandom.current().nextBytes(nonce);
    String head = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(nonce) + "\r\n"
        + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
    socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
    RawWebSocket ws = new RawWebSocket(socket);
    String answer = ws.readHead();
    if (!answer.startsWith("HTTP/1.1 101")) {
      // Not upgraded: the rest is the HTTP answer's body.
      String body = ws.readBody(answer);
      socket.close();
      throw new Refused(answer, body);
    }
    return ws;
  }

  /** The upgrade was answered with HTTP instead. */
  static final class Refused extends IOException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String body;

    Refused(String head, String body) {
      super(head.split("\r\n", 2)[0] + " " + body);
      String[] line = head.split(" ");
      this.status = line.length > 1 && line[1].matches("\\d{3}") ? Integer.parseInt(line[1]) : 0;
      this.body = body;
    }
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n') {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
  }

  // The refusal's body: Content-Length bytes when it says so (the hub may keep the connection open), else to EOF.
  private String readBody(String head) {
    try {
      socket.setSoTimeout(5_000);
      java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)").matcher(head);
      byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : in.readAllBytes();
      return new String(body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** A final, masked frame. */
  void send(int opcode, byte[] payload) throws IOException {
    send(true, 0, opcode, payload, true);
  }

  /** Any frame: {@code rsv} is the three reserved bits (0 to 7), {@code masked} as a client must. */
  void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
    frame.write((fin ? 0x80 : 0) | (rsv & 7) << 4 | (opcode & 0x0F));
    int mask = masked ? 0x80 : 0;
    if (payload.length < 126) {
      frame.write(mask | payload.length);
    } else if (payload.length < 65_536) {
      frame.write(mask | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length);
    } else {
      frame.write(mask | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        frame.write((int) ((long) payload.length >> shift));
      }
    }
    byte[] key = new byte[4];
    if (masked) {
      ThreadLocalRandom.current().nextBytes(key);
      frame.writeBytes(key);
    }
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ key[i & 3]);
    }
    out.write(frame.toByteArray());
    out.flush();
  }

  /** The next frame, or null when the connection ended (EOF or reset) or nothing came in time. */
  Frame read() throws IOException {
    try {
      int b0 = in.readUnsignedByte();
      int b1 = in.readUnsignedByte();
      long length = b1 & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] key = (b1 & 0x80) != 0 ? in.readNBytes(4) : null;
      if (length > (16 << 20)) {
        throw new IOException("a frame of " + length + " bytes from the hub");
      }
      byte[] payload = in.readNBytes((int) length);
      if (key != null) {
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= key[i & 3];
        }
      }
      return new Frame(b0 & 0x0F, payload);
    } catch (EOFException | java.net.SocketException e) {
      return null;
    } catch (SocketTimeoutException e) {
      throw new SocketTimeoutException("no frame from the hub within " + RawHttp.READ_TIMEOUT_MILLIS + " ms");
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
