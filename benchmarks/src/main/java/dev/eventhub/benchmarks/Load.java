package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The generator's clients for one server, or for the members of a cluster taken in turn (publishes
 * alternate between them, and so do new subscribers): Vert.x's own HTTP client (publishing) and
 * WebSocket client (subscribing), and the benchmark events (about 300 bytes as an {@code event} frame, each stamped
 * with {@code System.nanoTime()} at send in {@code data.bench_t}).
 */
final class Load implements AutoCloseable {
  /** Payload characters that make an {@code event} frame of about 300 bytes. */
  static final String PAYLOAD = "x".repeat(60);

  final Vertx vertx;
  /** The first of {@link #servers}: the one server of every scenario but C1 and C2. */
  final Server server;
  final List<Server> servers;
  /** The Kafka brokers under a cluster's members (their CPU is counted apart), empty for a single hub. */
  final List<Long> brokerPids;
  /** Which server each subscriber is connected to: a cluster's figures per member. */
  private final Map<Subscriber, Server> serverOf = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final WebSocketClient ws;
  private final List<MultiMap> headers;
  private final AtomicInteger nextPublish = new AtomicInteger();
  private final AtomicInteger nextSubscriber = new AtomicInteger();
  final AtomicLong published = new AtomicLong();
  /** S10: what every subscribe request also carries (an attribute filter), or null. */
  volatile JsonObject subscribeExtra;
  /** S10: the attributes every published event carries, as JSON object text, or null. */
  volatile String attributes;
  final AtomicLong refused = new AtomicLong();
  private volatile String lastRefusal;

  Load(Vertx vertx, Server server, int httpConnections) {
    this(vertx, List.of(server), List.of(), httpConnections);
  }

  Load(Vertx vertx, List<Server> servers, int httpConnections) {
    this(vertx, servers, List.of(), httpConnections);
  }

  /** @param httpConnections the pool size towards each server */
  Load(Vertx vertx, List<Server> servers, List<Long> brokerPids, int httpConnections) {
    this(vertx, servers, brokerPids, httpConnections, null);
  }

  /** With the subscribers on {@code subscribers} (S7: a client that offers permessage-deflate, or not). */
  Load(Vertx vertx, Server server, int httpConnections, WebSocketClient subscribers) {
    this(vertx, List.of(server), List.of(), httpConnections, subscribers);
  }

  private Load(Vertx vertx, List<Server> servers, List<Long> brokerPids, int httpConnections,
      WebSocketClient subscribers) {
    this.vertx = vertx;
    this.brokerPids = List.copyOf(brokerPids);
    this.server = servers.get(0);
    this.servers = List.copyOf(servers);
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
            .setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(httpConnections).setMaxWaitQueueSize(-1));
    this.ws = subscribers != null ? subscribers : webSocketClient(vertx, false);
    this.headers = this.servers.stream().map(s -> MultiMap.caseInsensitiveMultiMap()
        .add(HttpHeaders.AUTHORIZATION, "Bearer " + s.token())
        .add(HttpHeaders.CONTENT_TYPE, "application/json")).toList();
  }

  /** The subscribers' WebSocket client; {@code deflate}: it offers permessage-deflate (S7). */
  static WebSocketClient webSocketClient(Vertx vertx, boolean deflate) {
    return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000)
        .setMaxFrameSize(1 << 20).setMaxMessageSize(8 << 20).setTcpNoDelay(true).setTryUsePerMessageCompression(deflate));
  }

  // The next of the servers in turn, counting with {@code next}.
  private int next(AtomicInteger next) {
    return Math.floorMod(next.getAndIncrement(), servers.size());
  }

  /** POSTs {@code body} to {@code /api/events}; completes with the status, counting events acknowledged. */
  Future<Integer> post(Buffer body, int events) {
    int to = next(nextPublish);
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setPort(servers.get(to).port())
            .setURI("/api/events").setHeaders(headers.get(to)))
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> {
          if (resp.statusCode() == 201 || resp.statusCode() == 200) {
            published.addAndGet(events);
          } else {
            refused.addAndGet(events);
            lastRefusal = resp.statusCode() + " " + b;
          }
          return resp.statusCode();
        }))
        .onFailure(e -> {
          refused.addAndGet(events);
          lastRefusal = e.toString();
        });
  }

  String lastRefusal() {
    return lastRefusal;
  }

  /** Opens a WebSocket to the next server in turn and subscribes; completes once {@code subscribed} arrived. */
  Future<Subscriber> subscribe(List<String> categories, boolean batch, String since, Subscriber.Recorder recorder) {
    return subscribe(categories, batch, since, server -> recorder);
  }

  /** As {@link #subscribe}, recording latencies in the recorder of the server it connects to. */
  private Future<Subscriber> subscribe(List<String> categories, boolean batch, String since,
      Function<Server, Subscriber.Recorder> recorders) {
    Server to = servers.get(next(nextSubscriber));
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(to.port())
        .setURI("/ws").addHeader("Authorization", "Bearer " + to.token());
    return ws.connect(options).compose(socket -> Subscriber.subscribe(socket, categories, batch, since, recorders.apply(to),
        subscribeExtra))
        .onSuccess(s -> serverOf.put(s, to));
  }

  /** {@code n} subscribers, at most {@code parallel} connecting at a time. */
  Future<List<Subscriber>> subscribeMany(int n, int parallel, List<String> categories, boolean batch,
      Subscriber.Recorder recorder) {
    return subscribeAcross(n, parallel, categories, batch, server -> recorder);
  }

  /** As {@link #subscribeMany}, each subscriber recording in the recorder of the server it connects to (C2: a member's). */
  Future<List<Subscriber>> subscribeAcross(int n, int parallel, List<String> categories, boolean batch,
      Function<Server, Subscriber.Recorder> recorders) {
    List<Subscriber> out = java.util.Collections.synchronizedList(new ArrayList<>(n));
    AtomicLong next = new AtomicLong();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(parallel, n); i++) {
      lanes.add(lane(n, next, out, categories, batch, recorders));
    }
    return Future.all(lanes).map(v -> new ArrayList<>(out));
  }

  private Future<Void> lane(int n, AtomicLong next, List<Subscriber> out, List<String> categories, boolean batch,
      Function<Server, Subscriber.Recorder> recorders) {
    if (next.getAndIncrement() >= n) {
      return Future.succeededFuture();
    }
    return subscribe(categories, batch, null, recorders).compose(s -> {
      out.add(s);
      return lane(n, next, out, categories, batch, recorders);
    });
  }

  /** The server {@code subscriber} is connected to. */
  Server serverOf(Subscriber subscriber) {
    return serverOf.get(subscriber);
  }

  /** One benchmark event of {@code category}, stamped now. */
  static Buffer event(String category) {
    return Buffer.buffer(json(category, System.nanoTime()));
  }

  /** As {@link #event} or {@link #batch}, each event with {@code attributes} (JSON object text) when not null (S10). */
  static Buffer events(String category, int n, String attributes) {
    if (attributes == null) {
      return n == 1 ? event(category) : batch(category, n);
    }
    long now = System.nanoTime();
    StringBuilder out = new StringBuilder(n * 200).append(n == 1 ? "" : "[");
    for (int i = 0; i < n; i++) {
      String e = json(category, now);
      out.append(i == 0 ? "" : ",").append(e, 0, e.length() - 1).append(",\"attributes\":").append(attributes)
          .append('}');
    }
    return Buffer.buffer(out.append(n == 1 ? "" : "]").toString());
  }

  /** An array of {@code n} benchmark events of {@code category}, stamped now. */
  static Buffer batch(String category, int n) {
    long now = System.nanoTime();
    StringBuilder out = new StringBuilder(n * 160).append('[');
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : ",").append(json(category, now));
    }
    return Buffer.buffer(out.append(']').toString());
  }

  private static String json(String category, long stamp) {
    return "{\"category\":\"" + category + "\",\"event\":\"tick\",\"key\":\"k-" + ThreadLocalRandom.current().nextInt(100)
        + "\",\"data\":{\"bench_t\":" + stamp + ",\"payload\":\"" + PAYLOAD + "\"}}";
  }

  static long minEvents(List<Subscriber> subscribers) {
    long min = Long.MAX_VALUE;
    for (Subscriber s : subscribers) {
      min = Math.min(min, s.events());
    }
    return subscribers.isEmpty() ? 0 : min;
  }

  static long sumEvents(List<Subscriber> subscribers) {
    long sum = 0;
    for (Subscriber s : subscribers) {
      sum += s.events();
    }
    return sum;
  }

  static String firstFailure(List<Subscriber> subscribers) {
    for (Subscriber s : subscribers) {
      if (s.failure() != null) {
        return s.failure();
      }
    }
    return null;
  }

  static Future<Void> closeAll(List<Subscriber> subscribers) {
    List<Future<Void>> closing = new ArrayList<>();
    subscribers.forEach(s -> closing.add(s.close().otherwiseEmpty()));
    return Future.join(closing).mapEmpty();
  }

  @Override
  public void close() {
    http.close().await();
    ws.close().await();
  }
}
