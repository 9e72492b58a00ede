package dev.eventhub.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * S9 (issue 20): memory per subscription under each overflow policy with a stalled client. For each of
 * {@code close}, {@code drop-oldest} and {@code latest-per-key}, a fresh hub gets {@code n} WebSocket
 * clients that subscribe with that policy and then stop reading (the socket is paused: the kernel's
 * buffers fill, then the hub's queue); events are published until every client is far behind; then the
 * hub is collected ({@code jcmd GC.run}) and its heap and RSS, minus the figures before the clients
 * connected, are divided by the subscriptions. The same events are published once before that
 * baseline, with no subscriber, so that what publishing alone grows (the store's page cache, JIT code,
 * the heap's sizing) is in the baseline too. Connections the hub closed as slow consumers count in the
 * divisor: what they held was released.
 */
final class StalledMemory {
  private static final List<String> POLICIES = List.of("close", "drop-oldest", "latest-per-key");
  private static final int KEYS = 100;
  private static final int BATCH = 500;
  private static final String PAYLOAD = "x".repeat(200);

  private final Settings settings;
  private final Vertx vertx;
  private final int subscriptions;
  private final int events;

  StalledMemory(Settings settings, Vertx vertx) {
    this.settings = settings;
    this.vertx = vertx;
    this.subscriptions = settings.smoke() ? 10 : Math.max(1, Math.min(settings.connections(), 200));
    this.events = settings.smoke() ? 20_000 : 60_000;
  }

  /** Runs the three policies and returns the markdown table (also printed). */
  String run() throws Exception {
    StringBuilder table = new StringBuilder()
        .append("S9: ").append(subscriptions).append(" stalled WebSocket subscriptions per policy, ").append(events)
        .append(" events of ~").append(PAYLOAD.length()).append(" bytes over ").append(KEYS).append(" keys; load average ")
        .append(loadAverage()).append("\n\n")
        .append("| overflow | closed as slow consumers | heap after GC per subscription | RSS per subscription | queued bytes per connection left open |\n")
        .append("|---|---|---|---|---|\n");
    for (String policy : POLICIES) {
      table.append(measure(policy)).append('\n');
    }
    table.append("\nload average after: ").append(loadAverage()).append('\n');
    System.out.println(table);
    return table.toString();
  }

  private String measure(String policy) throws Exception {
    String secret = "bench-" + UUID.randomUUID() + UUID.randomUUID();
    try (Server hub = Server.launchHub(settings.dist(), settings.hubJvmFlags("S9 " + policy), secret, Map.of())
        .awaitReady()) {
      String admin = Jwt.sign(secret, "subscribe:* publish:* admin", Duration.ofHours(1));
      System.out.printf("S9 %s: hub pid %d port %d%n", policy, hub.pid(), hub.port());
      publish(hub, admin);
      hub.gc();
      long heapBefore = hub.heapUsedBytes();
      long rssBefore = hub.rssBytes();
      WebSocketClient client = Load.webSocketClient(vertx, false);
      List<WebSocket> stalled = new ArrayList<>();
      for (int i = 0; i < subscriptions; i++) {
        stalled.add(await(stall(client, hub, policy)));
      }
      publish(hub, admin);
      JsonObject stats = settle(hub, admin);
      hub.gc();
      long heap = hub.heapUsedBytes() - heapBefore;
      long rss = hub.rssBytes() - rssBefore;
      long queued = stats.getLong("queuedBytes", 0L);
      long closed = stats.getLong("slowConsumerCloses", 0L);
      for (WebSocket ws : stalled) {
        ws.close();
      }
      await(client.close());
      return String.format("| %s | %d of %d | %s | %s | %s |", policy, closed, subscriptions,
          kib(heap / subscriptions), kib(rss / subscriptions), closed >= subscriptions ? "—" : kib(queued / (subscriptions - closed)));
    }
  }

  // Connects, subscribes with the policy, and stops reading once subscribed.
  private Future<WebSocket> stall(WebSocketClient client, Server hub, String policy) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(hub.port())
        .setURI("/ws").addHeader("Authorization", "Bearer " + hub.token());
    return client.connect(options).compose(ws -> {
      Promise<WebSocket> subscribed = Promise.promise();
      ws.textMessageHandler(text -> {
        if (text.contains("\"subscribed\"")) {
          ws.pause();
          subscribed.tryComplete(ws);
        }
      });
      ws.closeHandler(v -> subscribed.tryFail("closed before subscribed"));
      return ws.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "s")
          .put("categories", new JsonArray().add("stall")).put("overflow", policy).encode())
          .compose(v -> subscribed.future());
    });
  }

  private void publish(Server hub, String admin) throws Exception {
    var http = vertx.createHttpClient();
    for (int from = 0; from < events; from += BATCH) {
      JsonArray batch = new JsonArray();
      for (int i = from; i < Math.min(events, from + BATCH); i++) {
        batch.add(new JsonObject().put("category", "stall").put("event", "tick").put("key", "k" + (i % KEYS))
            .put("data", new JsonObject().put("i", i).put("pad", PAYLOAD)));
      }
      int status = await(http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
              .setPort(hub.port()).setURI("/api/events").putHeader("Authorization", "Bearer " + admin)
              .putHeader("Content-Type", "application/json"))
          .compose(req -> req.send(batch.toBuffer())).compose(resp -> resp.body().map(b -> resp.statusCode())));
      if (status != 201) {
        throw new IllegalStateException("publishing answered " + status);
      }
    }
    await(http.close());
  }

  // Polls the sink's counters until the queues stop changing (the hub has handed over all it could).
  private JsonObject settle(Server hub, String admin) throws Exception {
    var http = vertx.createHttpClient();
    JsonObject last = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    try {
      while (System.nanoTime() < deadline) {
        JsonObject stats;
        try {
          stats = http.request(new RequestOptions().setHost("127.0.0.1").setPort(hub.port())
                  .setURI("/api/websocket/stats").putHeader("Authorization", "Bearer " + admin))
              .compose(req -> req.send()).compose(resp -> resp.body()).map(Buffer::toJsonObject)
              .await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          // A hub busy closing connections (or a loaded machine) answers late: ask again.
          continue;
        }
        if (last != null && stats.getLong("queuedBytes").equals(last.getLong("queuedBytes"))
            && stats.getLong("connectionsOpen").equals(last.getLong("connectionsOpen"))) {
          return stats;
        }
        last = stats;
        Thread.sleep(1000);
      }
      if (last == null) {
        throw new IllegalStateException("the hub's stats did not answer within 180 s");
      }
      return last;
    } finally {
      await(http.close());
    }
  }

  private static String kib(long bytes) {
    return String.format("%.1f KiB", bytes / 1024.0);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (Exception e) {
      return "unknown";
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.await(120, TimeUnit.SECONDS);
  }
}
