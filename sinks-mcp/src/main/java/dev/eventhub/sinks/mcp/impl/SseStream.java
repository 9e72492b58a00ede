package dev.eventhub.sinks.mcp.impl;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * A {@code text/event-stream} answer: the session's stream of notifications (a {@code GET}) or a
 * long-running request's answer (a {@code POST} of {@code wait_for_events}). A comment line every
 * keep-alive interval keeps idle timeouts from closing it. Messages to a client that does not read are
 * dropped, never queued without bound: what is sent here (resource updates) is a hint that the next
 * one repeats.
 */
final class SseStream {
  private final HttpServerResponse response;
  private final Context context;
  private final long keepAliveTimer;
  private volatile boolean closed;

  private SseStream(HttpServerResponse response, Context context, Duration keepAlive, Runnable onClose) {
    this.response = response;
    this.context = context;
    Vertx vertx = context.owner();
    this.keepAliveTimer = vertx.setPeriodic(keepAlive.toMillis(), id -> {
      if (!closed && !response.writeQueueFull()) {
        response.write(": keep-alive\n\n");
      }
    });
    response.closeHandler(v -> {
      close();
      onClose.run();
    });
    response.endHandler(v -> close());
  }

  /** Starts the stream on {@code response}; call on the request's context. */
  static SseStream open(HttpServerResponse response, Context context, Duration keepAlive, Runnable onClose) {
    response.setStatusCode(200).setChunked(true)
        .putHeader("Content-Type", "text/event-stream")
        .putHeader("Cache-Control", "no-cache")
        .putHeader("X-Accel-Buffering", "no");
    // The headers go out at once: the client knows its request was taken before anything else is sent.
    response.write(": stream open\n\n");
    return new SseStream(response, context, keepAlive, onClose);
  }

  boolean closed() {
    return closed;
  }

  /** Sends a message from any thread; dropped when the stream is closed or the client is not reading. */
  void send(JsonObject message) {
    context.runOnContext(v -> {
      if (!closed && !response.writeQueueFull()) {
        response.write(frame(message));
      }
    });
  }

  /** Sends a last message and ends the stream; from any thread. */
  void finish(JsonObject message) {
    context.runOnContext(v -> {
      if (!closed) {
        close();
        response.end(frame(message));
      }
    });
  }

  /** Ends the stream; from any thread. */
  void end() {
    context.runOnContext(v -> {
      if (!closed) {
        close();
        response.end();
      }
    });
  }

  private void close() {
    if (!closed) {
      closed = true;
      context.owner().cancelTimer(keepAliveTimer);
    }
  }

  private static String frame(JsonObject message) {
    return "event: message\ndata: " + message.encode() + "\n\n";
  }
}
