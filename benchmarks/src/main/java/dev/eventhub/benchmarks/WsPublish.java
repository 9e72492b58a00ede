package dev.eventhub.benchmarks;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S8 (issue 24): events per second acknowledged durable by WebSocket {@code publish} frames, on a few
 * connections with a fixed number of publishes in flight on each, each sent when one is answered; the same
 * events and the same numbers in flight as S4's {@code POST /api/events}, measured against HTTP in the same run
 * on the same hub ({@link DurablePublish}). No subscribers.
 */
final class WsPublish {
  /** Connections the publishes are spread over: the sink serves each connection on one event loop. */
  static final int CONNECTIONS = 4;

  private WsPublish() {}

  /** Single-event frames, {@value DurablePublish#SINGLE_CONCURRENCY} in flight over the connections. */
  static Sample single(Load load, Settings settings) throws Exception {
    return closedLoop(load, settings, DurablePublish.SINGLE_CONCURRENCY, "publish-ws-single", 1);
  }

  /** Frames of {@value DurablePublish#BATCH} events, {@value DurablePublish#BATCH_CONCURRENCY} in flight. */
  static Sample batched(Load load, Settings settings) throws Exception {
    return closedLoop(load, settings, DurablePublish.BATCH_CONCURRENCY, "publish-ws-batched", DurablePublish.BATCH);
  }

  private static Sample closedLoop(Load load, Settings settings, int concurrency, String category, int events)
      throws Exception {
    AtomicLong published = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    String[] lastRefusal = new String[1];
    List<Publisher> publishers = new ArrayList<>();
    WebSocketClient client = Load.webSocketClient(load.vertx, false);
    for (int i = 0; i < CONNECTIONS; i++) {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(load.server.port())
          .setURI("/ws").addHeader("Authorization", "Bearer " + load.server.token());
      // Connected from a context of its own: the socket's handlers, and every send of its chains, run there.
      Context context = load.vertx.getOrCreateContext();
      Promise<WebSocket> connected = Promise.promise();
      context.runOnContext(v -> client.connect(options).onComplete(connected));
      WebSocket socket = connected.future().await(30, TimeUnit.SECONDS);
      publishers.add(new Publisher(socket, context, category, events, published, refused, lastRefusal));
    }
    int each = Math.max(1, concurrency / CONNECTIONS);
    publishers.forEach(p -> p.start(each));
    Thread.sleep(settings.warmupMillis());
    long published0 = published.get();
    long refused0 = refused.get();
    CpuMeter cpu = CpuMeter.start(load.servers, load.brokerPids);
    long t0 = System.nanoTime();
    Thread.sleep(settings.measureMillis());
    long published1 = published.get();
    double seconds = (System.nanoTime() - t0) / 1e9;
    Sample sample = new Sample();
    sample.cpu = cpu.stop();
    Future.all(publishers.stream().map(Publisher::stop).toList()).await(60, TimeUnit.SECONDS);
    client.close();
    sample.put("events/s", (published1 - published0) / seconds)
        .put("server µs/event", sample.cpu.serverMicrosPer(published1 - published0));
    long lost = refused.get() - refused0;
    if (lost > 0) {
      sample.problem(lost + " events refused; last: " + lastRefusal[0]);
    }
    return sample;
  }

  /** One connection's chains of publishes: each answer sends the next, until stopped. */
  private static final class Publisher {
    private final WebSocket socket;
    private final Context context;
    private final String category;
    private final int events;
    private final AtomicLong published;
    private final AtomicLong refused;
    private final String[] lastRefusal;
    private final Promise<Void> drained = Promise.promise();
    private long nextId;
    private int inFlight;
    private boolean stopping;

    Publisher(WebSocket socket, Context context, String category, int events, AtomicLong published, AtomicLong refused,
        String[] lastRefusal) {
      this.socket = socket;
      this.context = context;
      this.category = category;
      this.events = events;
      this.published = published;
      this.refused = refused;
      this.lastRefusal = lastRefusal;
      context.runOnContext(v -> {
        // Answers are told apart by their start only: the benchmark's client must not be the bottleneck.
        socket.textMessageHandler(this::answered);
        socket.closeHandler(c -> drained.tryComplete());
      });
    }

    void start(int concurrency) {
      run(() -> {
        for (int i = 0; i < concurrency; i++) {
          send();
        }
      });
    }

    private void answered(String frame) {
      if (frame.startsWith("{\"type\":\"published\"")) {
        published.addAndGet(events);
      } else {
        refused.addAndGet(events);
        lastRefusal[0] = frame;
      }
      inFlight--;
      send();
    }

    private void send() {
      if (stopping) {
        if (inFlight == 0) {
          drained.tryComplete();
        }
        return;
      }
      inFlight++;
      String body = events == 1 ? "[" + Load.event(category).toString() + "]" : Load.batch(category, events).toString();
      socket.writeTextMessage("{\"type\":\"publish\",\"id\":" + (++nextId) + ",\"events\":" + body + "}");
    }

    Future<Void> stop() {
      run(() -> {
        stopping = true;
        if (inFlight == 0) {
          drained.tryComplete();
        }
      });
      return drained.future().compose(v -> socket.close());
    }

    // The socket's handlers run on its context; so does everything that touches the counters of this chain.
    private void run(Runnable action) {
      context.runOnContext(v -> action.run());
    }
  }
}
