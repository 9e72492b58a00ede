package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many subscribed WebSocket connections to one hub (M1, M2), spread over several loopback source addresses
 * (127.0.0.2, 127.0.0.3, ...: one WebSocket client bound to each), because towards the hub's one address and port a
 * source address has only the ephemeral port range ({@code net.ipv4.ip_local_port_range}, 28,232 ports by default)
 * to give. Each connection subscribes to one category and then stays idle; the hub's WebSocket pings are answered by
 * the client. Errors (a refused upgrade, a close, an error frame) are counted, not thrown.
 */
final class ConnectionFleet implements AutoCloseable {
  private final Vertx vertx;
  private final Server server;
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final List<Subscriber> subscribers = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicLong errors = new AtomicLong();
  private final Histogram connectMicros = new Histogram();
  private volatile String lastError;

  ConnectionFleet(Vertx vertx, Server server, int sourceAddresses) {
    this.vertx = vertx;
    this.server = server;
    for (int i = 0; i < sourceAddresses; i++) {
      clients.add(vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(1_000_000)
          .setLocalAddress(ScaleOptions.sourceAddress(i)).setConnectTimeout(60_000).setTcpNoDelay(true)));
    }
  }

  /** Opens one connection (the next source address in turn) and subscribes; completes either way. */
  Future<Void> open() {
    WebSocketClient client = clients.get(Math.floorMod(next.getAndIncrement(), clients.size()));
    long t0 = System.nanoTime();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(server.port())
        .setURI("/ws").addHeader("Authorization", "Bearer " + server.token());
    return client.connect(options).compose(ws -> Subscriber.subscribe(ws, List.of("idle"), false, null, null))
        .map(s -> {
          connectMicros.record((System.nanoTime() - t0) / 1000);
          subscribers.add(s);
          return (Void) null;
        })
        .otherwise(e -> {
          errors.incrementAndGet();
          lastError = String.valueOf(e.getMessage());
          return null;
        });
  }

  /** Opens {@code n} connections, {@code parallel} at a time. */
  Future<Void> openParallel(int n, int parallel) {
    AtomicInteger left = new AtomicInteger(n);
    List<Future<Void>> lanes = new ArrayList<>();
    for (int i = 0; i < Math.min(parallel, n); i++) {
      lanes.add(lane(left));
    }
    return Future.all(lanes).mapEmpty();
  }

  private Future<Void> lane(AtomicInteger left) {
    if (left.getAndDecrement() <= 0) {
      return Future.succeededFuture();
    }
    return open().compose(v -> lane(left));
  }

  /**
   * The subscribe storm: starts {@code n} connections at {@code perSecond}, whatever the answers (a storm does not
   * wait for the server), in ticks of 10 ms; completes when every one succeeded or failed.
   */
  Future<Void> openAtRate(int n, int perSecond) {
    Promise<Void> done = Promise.promise();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ended = new AtomicInteger();
    long t0 = System.nanoTime();
    vertx.setPeriodic(0, 10, id -> {
      long due = Math.min(n, (System.nanoTime() - t0) / 1000 * perSecond / 1_000_000 + 1);
      // At most two ticks' worth at once: a tick that comes late must not start thousands in one go and block this
      // event loop (and the pings of the connections on it); the rate reached then says the generator fell behind.
      due = Math.min(due, started.get() + Math.max(1, perSecond / 50));
      while (started.get() < due) {
        started.incrementAndGet();
        open().onComplete(ar -> {
          if (ended.incrementAndGet() == n) {
            done.tryComplete();
          }
        });
      }
      if (started.get() >= n) {
        vertx.cancelTimer(id);
      }
    });
    return done.future();
  }

  int opened() {
    return subscribers.size();
  }

  long errors() {
    return errors.get();
  }

  String lastError() {
    return lastError;
  }

  Histogram connectMicros() {
    return connectMicros;
  }

  /** How many of the open connections have failed since (closed by the hub, an error frame), and the first reason. */
  long failed() {
    synchronized (subscribers) {
      return subscribers.stream().filter(s -> s.failure() != null).count();
    }
  }

  String firstFailure() {
    synchronized (subscribers) {
      return Load.firstFailure(subscribers);
    }
  }

  @Override
  public void close() {
    List<Subscriber> all;
    synchronized (subscribers) {
      all = new ArrayList<>(subscribers);
    }
    Load.closeAll(all).await();
    clients.forEach(c -> c.close().await());
  }
}
