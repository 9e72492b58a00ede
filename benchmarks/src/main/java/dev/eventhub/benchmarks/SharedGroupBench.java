package dev.eventhub.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario G1 (issue 20, docs/performance.md): a shared group of {@code --members} WebSocket connections attached
 * to one named consumer of a hub started from the distribution, events published over HTTP at {@code --rate}
 * events/s for {@code --seconds}. Each member acknowledges what it received every 10 ms (one {@code ack} with its
 * newest cursor). Halfway, one member disconnects without acknowledging its last events: the scenario measures
 * how long until the other members have every event it had received unacknowledged.
 *
 * <p>Prints: events delivered per second, p50/p99 delivery latency (publish to receipt, both in this JVM), the
 * hand-over time, and events lost (published, never received): this must be 0.
 *
 * <pre>java -cp "benchmarks/target/classes:benchmarks/target/lib/*" dev.eventhub.benchmarks.SharedGroupBench \
 *   --dist distribution/target/hub-0.1.0-SNAPSHOT --members 10 --rate 50000 --seconds 10</pre>
 */
public final class SharedGroupBench {
  private static final int TICK_MS = 10;

  private final Vertx vertx = Vertx.vertx();
  private final Histogram latency = new Histogram();
  private final AtomicLong delivered = new AtomicLong();
  private final Set<String> received = ConcurrentHashMap.newKeySet();
  // When an event came a second time (to another member, after the first left without acknowledging it).
  private final Map<String, Long> again = new ConcurrentHashMap<>();

  /** One member: counts what it gets, acknowledges its newest cursor every tick. */
  private final class Member {
    final WebSocket ws;
    final Set<String> unacked = ConcurrentHashMap.newKeySet();
    volatile String newest;
    volatile String subscription;
    long timer;

    Member(WebSocket ws) {
      this.ws = ws;
      ws.textMessageHandler(this::frame);
      timer = vertx.setPeriodic(TICK_MS, id -> ack());
    }

    void frame(String text) {
      JsonObject f = new JsonObject(text);
      if ("subscribed".equals(f.getString("type"))) {
        subscription = f.getString("subscription");
      } else if ("event".equals(f.getString("type"))) {
        long t = f.getJsonObject("data").getLong("bench_t");
        latency.record((System.nanoTime() - t) / 1000);
        delivered.incrementAndGet();
        String cursor = f.getString("cursor");
        if (!received.add(cursor)) {
          again.put(cursor, System.nanoTime()); // a redelivery: an earlier member left without acknowledging it
        }
        unacked.add(cursor);
        newest = cursor;
      }
    }

    void ack() {
      String cursor = newest;
      if (cursor != null && subscription != null && !ws.isClosed()) {
        ws.writeTextMessage(new JsonObject().put("type", "ack").put("subscription", subscription)
            .put("cursor", cursor).encode());
        unacked.clear();
      }
    }
  }

  public static void main(String[] args) throws Exception {
    Path dist = Path.of("distribution/target/hub-0.1.0-SNAPSHOT");
    int members = 10;
    int rate = 50_000;
    int seconds = 10;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dist" -> dist = Path.of(args[i + 1]);
        case "--members" -> members = Integer.parseInt(args[i + 1]);
        case "--rate" -> rate = Integer.parseInt(args[i + 1]);
        case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    new SharedGroupBench().run(dist, members, rate, seconds);
  }

  private void run(Path dist, int memberCount, int rate, int seconds) throws Exception {
    try (Server hub = Server.hub(dist, "-Xmx1g", Map.of("HUB_PLUGINS_WEBSOCKET_MAX_MESSAGES_PER_SECOND", "100000",
        "HUB_PLUGINS_WEBSOCKET_MAX_QUEUED_BYTES", "16777216"))) {
      WebSocketClient wsClient = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100)
          .setMaxFrameSize(4 << 20).setMaxMessageSize(8 << 20));
      List<Member> members = new ArrayList<>();
      for (int i = 0; i < memberCount; i++) {
        WebSocket ws = wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.port())
            .setURI("/ws").putHeader("Authorization", "Bearer " + hub.token())).await(30, TimeUnit.SECONDS);
        Member m = new Member(ws);
        members.add(m);
        ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("consumer", "bench")
            .put("categories", new JsonArray().add("bench")).encode());
      }
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(hub.port()), new io.vertx.core.http.PoolOptions().setHttp1MaxSize(16));
      AtomicLong published = new AtomicLong();
      int perTick = Math.max(1, rate * TICK_MS / 1000);
      long start = System.nanoTime();
      long publisher = vertx.setPeriodic(TICK_MS, id -> publish(http, hub.token(), perTick, published));
      Thread.sleep(seconds * 500L); // the first half of the run, at the publishing rate
      Member leaving = members.remove(memberCount / 2);
      Set<String> handedBack = Set.copyOf(leaving.unacked);
      vertx.cancelTimer(leaving.timer);
      long left = System.nanoTime();
      leaving.ws.close();
      Thread.sleep(seconds * 500L); // the second half
      vertx.cancelTimer(publisher);
      long elapsed = System.nanoTime() - start;
      // Wait (bounded) for what is in flight to arrive: every published event must reach a member.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (received.size() < published.get() && System.nanoTime() < deadline) {
        Thread.sleep(50); // polling the counters of a benchmark, not a test
      }
      // Every event that came twice came first to the departed member (the only one that left): the hand-over
      // ends when the last of them reached another member.
      long handover = again.values().stream().mapToLong(t -> t - left).max().orElse(0);
      String load = java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
      System.out.printf("G1 shared group: members %d, target %d events/s, %d s; load average %s%n", memberCount,
          rate, seconds, load);
      System.out.printf("  published %d, delivered %d (%.0f/s), lost %d%n", published.get(), delivered.get(),
          delivered.get() / (elapsed / 1e9), published.get() - received.size());
      System.out.printf("  delivery latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", latency.percentile(0.5) / 1000.0,
          latency.percentile(0.99) / 1000.0, latency.maxMicros() / 1000.0);
      System.out.printf("  hand-over: %d events the departed member had not acknowledged (%d received by it) reached"
          + " the others within %.1f ms of its disconnect%n", again.size(), handedBack.size(), handover / 1e6);
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private void publish(HttpClient http, String token, int count, AtomicLong published) {
    StringBuilder body = new StringBuilder("[");
    long t = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"category\":\"bench\",\"event\":\"tick\",\"key\":\"k").append((published.get() + i) % 1000)
          .append("\",\"data\":{\"bench_t\":").append(t).append("}}");
    }
    body.append(']');
    published.addAndGet(count);
    http.request(new RequestOptions().setMethod(HttpMethod.POST).setURI("/api/events")
            .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token).putHeader(HttpHeaders.CONTENT_TYPE, "application/json"))
        .compose(req -> req.send(Buffer.buffer(body.toString())))
        .onSuccess(resp -> {
          if (resp.statusCode() != 201 && resp.statusCode() != 200) {
            System.err.println("publish answered " + resp.statusCode());
          }
        })
        .onFailure(e -> System.err.println("publish failed: " + e));
  }
}
