package dev.eventhub.testkit;

import io.vertx.core.http.WebSocket;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A live subscription over a real WebSocket connection to the hub under test ({@code /ws}, see
 * docs/websocket.md). Events recorded after {@link PluginTestHub#subscribe} returned arrive here in
 * log order. Close it (try-with-resources) to close the connection.
 */
public final class Subscription implements AutoCloseable {
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames;
  private final String cursor;

  Subscription(WebSocket socket, BlockingQueue<JsonObject> frames, String cursor) {
    this.socket = socket;
    this.frames = frames;
    this.cursor = cursor;
  }

  /** The head of the log when the subscription started: live events are those recorded after it. */
  public String cursor() {
    return cursor;
  }

  /**
   * Waits for the next event, at most {@link PluginTestHub#TIMEOUT}.
   *
   * @return the {@code event} frame: the recorded event ({@code id}, {@code cursor}, {@code category},
   *     {@code event}, {@code key}, {@code timestamp}, {@code data}) plus {@code type} and {@code subscription}
   * @throws AssertionError when no event comes in time, or the hub sends an error frame
   */
  public JsonObject next() {
    return next(PluginTestHub.TIMEOUT);
  }

  /**
   * Waits for the next event, at most {@code timeout}.
   *
   * @throws AssertionError when no event comes in time, or the hub sends an error frame
   */
  public JsonObject next(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonObject frame;
      try {
        frame = frames.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for an event", e);
      }
      if (frame == null) {
        throw new AssertionError("no event within " + timeout.toMillis() + "ms");
      }
      switch (frame.getString("type", "")) {
        case "event":
          return frame;
        case "error":
          throw new AssertionError("the hub sent an error frame: " + frame.encode());
        default:
          // pongs, replay_complete, notices: not events
      }
    }
  }

  @Override
  public void close() {
    PluginTestHub.await(socket.close());
  }
}
