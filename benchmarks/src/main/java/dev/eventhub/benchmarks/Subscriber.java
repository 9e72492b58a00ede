package dev.eventhub.benchmarks;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One WebSocket client of the generator: subscribes, then counts what arrives. Event frames ({@code
 * event}, and {@code events} in batch mode) are not parsed: the events in a frame are counted by the
 * {@code "bench_t":} stamp every benchmark event carries, and with a {@link Recorder} switched on each
 * stamp's age is recorded as publish-to-receive latency. Other frames are parsed as JSON.
 *
 * <p>Counters are written by the socket's event loop only and read from anywhere.
 */
final class Subscriber {
  private static final byte[] EVENT_PREFIX = "{\"type\":\"event".getBytes(StandardCharsets.UTF_8);
  private static final byte[] STAMP = "\"bench_t\":".getBytes(StandardCharsets.UTF_8);

  /** Where latencies go while {@link #on} is set. */
  static final class Recorder {
    final Histogram histogram = new Histogram();
    volatile boolean on;
  }

  private final WebSocket ws;
  private volatile Recorder recorder;
  private final Promise<JsonObject> subscribed = Promise.promise();
  private final Promise<JsonObject> replayed = Promise.promise();
  private volatile long events;
  private volatile long frames;
  private volatile long bytes;
  private volatile String failure;
  private volatile boolean closing;

  private Subscriber(WebSocket ws, Recorder recorder) {
    this.ws = ws;
    this.recorder = recorder;
    ws.handler(this::onMessage);
    ws.closeHandler(v -> {
      if (!closing) {
        fail("closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason());
      }
    });
    ws.exceptionHandler(e -> fail("socket error: " + e));
  }

  /**
   * Sends a {@code subscribe} on {@code ws} and completes once {@code subscribed} came back.
   *
   * @param since a cursor to replay after, or null for live only
   */
  static Future<Subscriber> subscribe(WebSocket ws, List<String> categories, boolean batch, String since,
      Recorder recorder) {
    return subscribe(ws, categories, batch, since, recorder, null);
  }

  /** As {@link #subscribe(WebSocket, List, boolean, String, Recorder)}, with more fields in the request (S10: attributes). */
  static Future<Subscriber> subscribe(WebSocket ws, List<String> categories, boolean batch, String since,
      Recorder recorder, JsonObject extra) {
    Subscriber s = new Subscriber(ws, recorder);
    JsonObject request = new JsonObject().put("type", "subscribe").put("id", "s1")
        .put("categories", new JsonArray(categories));
    if (extra != null) {
      request.mergeIn(extra);
    }
    if (batch) {
      request.put("batch", true);
    }
    if (since != null) {
      request.put("since", since);
    }
    ws.writeTextMessage(request.encode());
    return s.subscribed.future().map(s);
  }

  /** Records latencies into {@code recorder} from now on (S6 swaps one in per minute). */
  void recorder(Recorder recorder) {
    this.recorder = recorder;
  }

  /** The head cursor that {@code subscribed} announced. */
  String cursor() {
    return subscribed.future().result().getString("cursor");
  }

  /** Completes with {@code replay_complete}. */
  Future<JsonObject> replayComplete() {
    return replayed.future();
  }

  long events() {
    return events;
  }

  long frames() {
    return frames;
  }

  long bytes() {
    return bytes;
  }

  /** Why this subscriber stopped receiving (a close by the server, an error frame), or null. */
  String failure() {
    return failure;
  }

  Future<Void> close() {
    closing = true;
    return ws.close();
  }

  private void onMessage(Buffer message) {
    // Vert.x's public Buffer has no view as Netty's bytes: a copy (a memcpy per frame) lets the stamp search below
    // use Netty's word-at-a-time indexOf rather than a call per byte.
    ByteBuf buf = Unpooled.wrappedBuffer(message.getBytes());
    if (startsWith(buf, EVENT_PREFIX)) {
      frames++;
      bytes += buf.readableBytes();
      events += countStamps(buf);
      return;
    }
    onControl(new JsonObject(message));
  }

  // Counts the events of a frame by their stamps, recording each stamp's age while the recorder is on.
  // The '_' of "bench_t" is the only underscore of a benchmark frame: Netty's indexOf finds it a word at a time.
  // Between two stamps lies, whatever the order of the fields, at least the rest of one event, and so its
  // payload: the search for the next one starts that far on (a fifth of the bytes not read).
  private int countStamps(ByteBuf buf) {
    Recorder recorder = this.recorder;
    boolean record = recorder != null && recorder.on;
    long now = record ? System.nanoTime() : 0;
    int count = 0;
    int end = buf.writerIndex();
    int i = buf.readerIndex();
    while ((i = buf.indexOf(i, end, (byte) '_')) >= 0) {
      int start = i - 6;
      i++;
      if (start < buf.readerIndex() || !matches(buf, start, STAMP)) {
        continue;
      }
      count++;
      i = start + STAMP.length;
      long stamp = 0;
      for (byte b; i < end && (b = buf.getByte(i)) >= '0' && b <= '9'; i++) {
        stamp = stamp * 10 + (b - '0');
      }
      if (record) {
        recorder.histogram.record((now - stamp) / 1000);
      }
      i = Math.min(end, i + Load.PAYLOAD.length());
    }
    return count;
  }

  private void onControl(JsonObject frame) {
    switch (String.valueOf(frame.getString("type"))) {
      case "subscribed" -> subscribed.tryComplete(frame);
      case "replay_complete" -> replayed.tryComplete(frame);
      case "error" -> fail("error frame: " + frame.encode());
      default -> {
        // pong, unsubscribed: nothing to count.
      }
    }
  }

  private void fail(String why) {
    if (failure == null) {
      failure = why;
    }
    subscribed.tryFail(why);
    replayed.tryFail(why);
  }

  private static boolean startsWith(ByteBuf buf, byte[] prefix) {
    return buf.readableBytes() >= prefix.length && matches(buf, buf.readerIndex(), prefix);
  }

  private static boolean matches(ByteBuf buf, int at, byte[] bytes) {
    if (at + bytes.length > buf.writerIndex()) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if (buf.getByte(at + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }
}
