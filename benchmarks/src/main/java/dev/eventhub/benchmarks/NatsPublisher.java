package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N1's publisher to NATS, over one WebSocket as the subscribers: each {@link #publish} is one frame of {@code n}
 * {@code PUB}s and a {@code PING}; the server answers {@code PING}s in order, once it has processed what came
 * before, so the {@code PONG} acknowledges the {@code PUB}s (as the hub's 201 does, without durability). Every
 * message is what the hub writes to a subscriber for a benchmark event (an {@code event} frame with an id, a cursor,
 * a timestamp and {@code data.bench_t}), so that both deliver frames of the same size.
 */
final class NatsPublisher implements PeerPublisher {
  private final WebSocketClient client;
  private final WebSocket ws;
  private final Queue<Promise<Boolean>> pongs = new ConcurrentLinkedQueue<>();
  private final NatsReader reader = new NatsReader(this::onControl);
  private final AtomicLong sequence = new AtomicLong();
  private volatile String lastRefusal;

  private NatsPublisher(WebSocketClient client, WebSocket ws) {
    this.client = client;
    this.ws = ws;
    ws.handler(reader::feed);
    ws.closeHandler(v -> failAll("the server closed the publisher's connection: " + ws.closeReason()));
  }

  /** Connects to the server's WebSocket port; completes once it answered the first {@code PING}. */
  static NatsPublisher connect(Vertx vertx, int wsPort) throws Exception {
    WebSocketClient client = Load.webSocketClient(vertx, false);
    WebSocket ws = client.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(wsPort).setURI("/"))
        .await(30, TimeUnit.SECONDS);
    NatsPublisher publisher = new NatsPublisher(client, ws);
    Promise<Boolean> connected = Promise.promise();
    publisher.pongs.add(connected);
    ws.writeBinaryMessage(Buffer.buffer(NatsSubscriber.CONNECT + "PING\r\n"));
    connected.future().await(30, TimeUnit.SECONDS);
    return publisher;
  }

  @Override
  public Future<Boolean> publish(String subject, int n) {
    long now = System.nanoTime();
    StringBuilder frame = new StringBuilder(n * 340);
    for (int i = 0; i < n; i++) {
      String message = message(subject, sequence.incrementAndGet(), now);
      frame.append("PUB ").append(subject).append(' ').append(message.length()).append("\r\n").append(message)
          .append("\r\n");
    }
    frame.append("PING\r\n");
    Promise<Boolean> acknowledged = Promise.promise();
    // Queued before the write: the PONG can come back before write() returns.
    pongs.add(acknowledged);
    ws.writeBinaryMessage(Buffer.buffer(frame.toString()));
    return acknowledged.future();
  }

  /** The hub's {@code event} frame for a benchmark event (ASCII only: its length in chars is its length in bytes). */
  static String message(String subject, long sequence, long stamp) {
    return "{\"type\":\"event\",\"subscription\":\"s1\",\"id\":\"" + UUID.randomUUID() + "\",\"cursor\":\""
        + String.format("%016x", sequence) + "\",\"category\":\"" + subject + "\",\"event\":\"tick\",\"key\":\"k-"
        + ThreadLocalRandom.current().nextInt(100) + "\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{\"bench_t\":"
        + stamp + ",\"payload\":\"" + Load.PAYLOAD + "\"}}";
  }

  private void onControl(String line) {
    if (line.equals("PONG")) {
      Promise<Boolean> next = pongs.poll();
      if (next != null) {
        next.tryComplete(true);
      }
    } else if (line.equals("PING")) {
      ws.writeBinaryMessage(NatsSubscriber.PONG);
    } else if (line.startsWith("-ERR")) {
      failAll(line);
    }
  }

  private void failAll(String why) {
    lastRefusal = why;
    for (Promise<Boolean> p; (p = pongs.poll()) != null; ) {
      p.tryComplete(false);
    }
  }

  @Override
  public String lastRefusal() {
    return lastRefusal;
  }

  @Override
  public void close() {
    ws.close().await();
    client.close().await();
  }
}
