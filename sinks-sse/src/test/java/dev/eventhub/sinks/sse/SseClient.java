package dev.eventhub.sinks.sse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A raw HTTP/1.1 client for {@code GET /sse}: a socket, the request written by hand, the status and
 * headers read, then the chunked body decoded and parsed into SSE messages as the spec's parser does
 * (fields {@code id}, {@code event}, {@code data}, {@code retry}; comments kept, for the heartbeat).
 */
final class SseClient implements AutoCloseable {
  private static final long TIMEOUT_SECONDS = 60;

  /** One SSE message, or a comment ({@code comment != null}, other fields null). */
  record Message(String id, String event, String data, String retry, String comment) {
    boolean isEvent() {
      return comment == null && data != null && event == null;
    }
  }

  /** End of stream, as a message. */
  static final Message END = new Message(null, null, null, null, null);

  final Socket socket;
  final int status;
  final Map<String, String> headers;
  /** The body of a refusal (anything but 200), read whole. */
  final String body;
  private final InputStream in;
  private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
  // The parser's state between chunks: a line may span two.
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private final Fields fields = new Fields();

  private SseClient(Socket socket, InputStream in, int status, Map<String, String> headers, String body) {
    this.socket = socket;
    this.in = in;
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** Opens {@code target} (path and query) with the extra request headers; reads the status and headers. */
  static SseClient open(int port, String target, Map<String, String> requestHeaders) throws IOException {
    return open(port, target, requestHeaders, 0);
  }

  /** As {@link #open(int, String, Map)}; a {@code receiveBuffer} above 0 shrinks the socket's receive buffer. */
  static SseClient open(int port, String target, Map<String, String> requestHeaders, int receiveBuffer)
      throws IOException {
    Socket socket = new Socket();
    if (receiveBuffer > 0) {
      socket.setReceiveBufferSize(receiveBuffer);
    }
    socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
    socket.setSoTimeout((int) TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    StringBuilder request = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
        + "\r\nAccept: text/event-stream\r\n");
    requestHeaders.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
    request.append("\r\n");
    OutputStream out = socket.getOutputStream();
    out.write(request.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = socket.getInputStream();
    String statusLine = line(in);
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
    }
    String body = null;
    if (status != 200) {
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
    return new SseClient(socket, in, status, headers, body);
  }

  /** Starts reading the stream on a thread of its own; messages queue until {@link #next()} takes them. */
  SseClient read() {
    Thread reader = new Thread(this::readStream, "sse-client");
    reader.setDaemon(true);
    reader.start();
    return this;
  }

  /** The next message or comment; {@link #END} once the stream ended. Fails after the timeout. */
  Message next() throws InterruptedException {
    return next(System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS));
  }

  private Message next(long deadline) throws InterruptedException {
    Message m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (m == null) {
      throw new AssertionError("no message within " + TIMEOUT_SECONDS + "s");
    }
    return m;
  }

  /**
   * The next message that is not a comment or an id-only message; heartbeats do not extend the
   * timeout.
   */
  Message nextMessage() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      Message m = next(deadline);
      if (m == END || (m.comment() == null && (m.data() != null || m.retry() != null))) {
        return m;
      }
    }
  }

  /** The next event (no {@code event:} line), failing on anything else but comments and id-only messages. */
  Message nextEvent() throws InterruptedException {
    Message m = nextMessage();
    if (m == END || !m.isEvent()) {
      throw new AssertionError("expected an event, got " + m);
    }
    return m;
  }

  private void readStream() {
    try {
      while (readChunk()) {
        // Messages queue as they complete.
      }
    } catch (IOException | RuntimeException e) {
      // The connection ended.
    }
    messages.add(END);
  }

  /**
   * Reads, on the calling thread, up to the id-only message that says the stream went live, and nothing
   * further than its chunk: a client that then stops reading stalls with the stream live. The messages read
   * are taken by {@link #next()} once {@link #read()} started.
   */
  SseClient awaitLive() throws IOException {
    while (messages.stream().noneMatch(m -> m.id() != null && m.data() == null)) {
      if (!readChunk()) {
        throw new AssertionError("the stream ended before it went live");
      }
    }
    return this;
  }

  // One chunk of the chunked response, its complete lines parsed; false at the last chunk.
  private boolean readChunk() throws IOException {
    String sizeLine = line(in);
    int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
    if (size == 0) {
      return false;
    }
    byte[] chunk = in.readNBytes(size);
    line(in);
    for (byte b : chunk) {
      if (b == '\n') {
        fields.line(pending.toString(StandardCharsets.UTF_8), messages);
        pending.reset();
      } else {
        pending.write(b);
      }
    }
    return true;
  }

  // The SSE parser of the HTML spec, for the fields the hub sends.
  private static final class Fields {
    String id;
    String event;
    StringBuilder data;
    String retry;

    void line(String line, BlockingQueue<Message> out) {
      if (line.isEmpty()) {
        if (id != null || event != null || data != null || retry != null) {
          out.add(new Message(id, event, data == null ? null : data.toString(), retry, null));
        }
        id = null;
        event = null;
        data = null;
        retry = null;
        return;
      }
      if (line.startsWith(":")) {
        out.add(new Message(null, null, null, null, line.substring(1).trim()));
        return;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      value = value.startsWith(" ") ? value.substring(1) : value;
      switch (name) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        case "retry" -> retry = value;
        default -> throw new IllegalStateException("unexpected field: " + line);
      }
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c == -1 && b.size() == 0) {
      throw new IOException("end of stream");
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
