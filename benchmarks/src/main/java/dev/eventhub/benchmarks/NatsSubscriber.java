package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;

/**
 * One NATS subscriber over WebSocket, the counterpart of {@link Subscriber}: {@code CONNECT}, {@code SUB} and a
 * {@code PING} whose {@code PONG} says the subscription is in place; then counts {@code MSG}s and answers the
 * server's {@code PING}s. Counters are written by the socket's event loop only and read from anywhere.
 */
final class NatsSubscriber {
  /** What a client sends first: no echo, no verbose {@code +OK}s; the protocol version that allows {@code INFO} updates. */
  static final String CONNECT = "CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"echo\":false,"
      + "\"lang\":\"java\",\"version\":\"bench\"}\r\n";
  static final Buffer PONG = Buffer.buffer("PONG\r\n");

  private final WebSocket ws;
  private final NatsReader reader = new NatsReader(this::onControl);
  private final Promise<NatsSubscriber> subscribed = Promise.promise();
  private volatile long events;
  private volatile long frames;
  private volatile long bytes;
  private volatile String failure;
  private volatile boolean closing;

  private NatsSubscriber(WebSocket ws) {
    this.ws = ws;
    ws.handler(this::onFrame);
    ws.closeHandler(v -> {
      if (!closing) {
        fail("closed by the server: " + ws.closeStatusCode() + " " + ws.closeReason());
      }
    });
    ws.exceptionHandler(e -> fail("socket error: " + e));
  }

  /** Subscribes to {@code subject} on {@code ws}; completes once the server answered the {@code PING} after {@code SUB}. */
  static Future<NatsSubscriber> subscribe(WebSocket ws, String subject) {
    NatsSubscriber s = new NatsSubscriber(ws);
    ws.writeBinaryMessage(Buffer.buffer(CONNECT + "SUB " + subject + " 1\r\nPING\r\n"));
    return s.subscribed.future();
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

  String failure() {
    return failure;
  }

  Future<Void> close() {
    closing = true;
    return ws.close();
  }

  private void onFrame(Buffer frame) {
    frames++;
    bytes += frame.length();
    reader.feed(frame);
    events = reader.messages();
  }

  private void onControl(String line) {
    if (line.equals("PING")) {
      ws.writeBinaryMessage(PONG);
    } else if (line.equals("PONG")) {
      subscribed.tryComplete(this);
    } else if (line.startsWith("-ERR")) {
      fail("error from the server: " + line);
    }
    // INFO, +OK: nothing to do.
  }

  private void fail(String why) {
    if (failure == null) {
      failure = why;
    }
    subscribed.tryFail(why);
  }
}
