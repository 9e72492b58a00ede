package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real WebSocket client for tests: Vert.x's {@link WebSocketClient}, with the frames it receives
 * queued for the test thread (or handed to a listener), and its close code as a future.
 */
final class WsClient implements AutoCloseable {
  static final long TIMEOUT_SECONDS = TestHub.TIMEOUT_SECONDS;

  final WebSocket ws;
  final Promise<Short> closed = Promise.promise();
  final AtomicInteger pings = new AtomicInteger();
  /** Queued after the last frame when the connection closes: a wait for a frame then fails at once, saying why. */
  private static final JsonObject CLOSED = new JsonObject().put("type", "closed by the hub");
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private volatile Consumer<JsonObject> listener;
  private volatile int pingTarget = Integer.MAX_VALUE;
  private final Promise<Void> pingsSeen = Promise.promise();

  private WsClient(WebSocket ws) {
    this.ws = ws;
    ws.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      Consumer<JsonObject> l = listener;
      if (l != null) {
        l.accept(frame);
      } else {
        frames.add(frame);
      }
    });
    ws.frameHandler(frame -> {
      if (frame.isPing() && pings.incrementAndGet() >= pingTarget) {
        pingsSeen.tryComplete();
      }
    });
    ws.closeHandler(v -> {
      closed.tryComplete(ws.closeStatusCode());
      frames.add(CLOSED);
    });
  }

  /** A client Vert.x's WebSocket client, sized for big frames and many connections. */
  static WebSocketClient client(Vertx vertx) {
    return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(4 << 20)
        .setMaxMessageSize(8 << 20).setMaxConnections(5000));
  }

  static WebSocketConnectOptions options(TestHub hub, String token) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.port())
        .setURI("/ws");
    return token == null ? options : options.putHeader("Authorization", "Bearer " + token);
  }

  static Future<WsClient> connect(WebSocketClient client, WebSocketConnectOptions options) {
    return client.connect(options).map(WsClient::new);
  }

  /** Connects with the token in the Authorization header, waiting for the upgrade. */
  static WsClient open(TestHub hub, WebSocketClient client, String token) {
    return TestHub.await(connect(client, options(hub, token)));
  }

  /** Tries to connect and returns the refusal; fails if the upgrade succeeds. */
  static UpgradeRejectedException refused(WebSocketClient client, WebSocketConnectOptions options) {
    try {
      WsClient c = TestHub.await(connect(client, options));
      c.close();
      throw new AssertionError("the upgrade was accepted");
    } catch (UpgradeRejectedException e) {
      return e;
    }
  }

  /** Hands every later frame to {@code listener} (on the client's thread) instead of queueing it. */
  void listen(Consumer<JsonObject> listener) {
    this.listener = listener;
  }

  void send(JsonObject request) {
    TestHub.await(ws.writeTextMessage(request.encode()));
  }

  void send(String text) {
    TestHub.await(ws.writeTextMessage(text));
  }

  /** The next frame, waiting at most the test timeout. */
  JsonObject next() {
    try {
      JsonObject frame = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame within " + TIMEOUT_SECONDS + "s");
      }
      if (frame == CLOSED) {
        frames.add(CLOSED);
        throw new AssertionError("no frame: the connection was closed with " + ws.closeStatusCode() + " ("
            + ws.closeReason() + ")");
      }
      return frame;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The next frame, which must be of {@code type}. */
  JsonObject next(String type) {
    JsonObject frame = next();
    assertThat(frame.getString("type")).as(frame.encode()).isEqualTo(type);
    return frame;
  }

  /** Sends a request and returns the next frame, which must be of {@code type}. */
  JsonObject request(JsonObject request, String replyType) {
    send(request);
    return next(replyType);
  }

  /** Subscribes and returns the {@code subscribed} reply. */
  JsonObject subscribe(JsonObject subscribe) {
    return request(subscribe.copy().put("type", "subscribe"), "subscribed");
  }

  /**
   * Proves the connection is open and that nothing is waiting ahead of the reply: a ping answered by
   * the very next frame.
   */
  void assertNothingPending() {
    String id = "barrier-" + System.nanoTime();
    JsonObject reply = request(new JsonObject().put("type", "ping").put("id", id), "pong");
    assertThat(reply.getString("id")).isEqualTo(id);
  }

  /** The next {@code n} events, unpacking {@code events} frames. */
  List<JsonObject> events(int n) {
    List<JsonObject> out = new ArrayList<>();
    while (out.size() < n) {
      out.addAll(unpack(next()));
    }
    assertThat(out).hasSize(n);
    return out;
  }

  /** The events in an {@code event} or {@code events} frame. */
  static List<JsonObject> unpack(JsonObject frame) {
    String type = frame.getString("type");
    if ("event".equals(type)) {
      return List.of(frame);
    }
    assertThat(type).as(frame.encode()).isEqualTo("events");
    List<JsonObject> out = new ArrayList<>();
    JsonArray events = frame.getJsonArray("events");
    for (int i = 0; i < events.size(); i++) {
      out.add(events.getJsonObject(i));
    }
    return out;
  }

  /** Waits until the hub has sent {@code n} WebSocket pings (one waiter per client). */
  void awaitPings(int n) {
    closed.future().onSuccess(code -> pingsSeen.tryFail("the connection was closed with " + code + " ("
        + ws.closeReason() + ") after " + pings.get() + " pings"));
    pingTarget = n;
    if (pings.get() >= n) {
      pingsSeen.tryComplete();
    }
    TestHub.await(pingsSeen.future());
  }

  /** Waits for the hub to close the connection and returns the close code. */
  short awaitClose() {
    return TestHub.await(closed.future());
  }

  boolean hasPendingFrames() {
    JsonObject first = frames.peek();
    return first != null && first != CLOSED;
  }

  @Override
  public void close() {
    if (!ws.isClosed()) {
      TestHub.await(ws.close().otherwiseEmpty());
    }
  }
}
