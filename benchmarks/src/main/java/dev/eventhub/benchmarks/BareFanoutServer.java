package dev.eventhub.benchmarks;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: a WebSocket fan-out server written the straightforward way on Vert.x, speaking the
 * hub's wire format (docs/websocket.md) but with no log, no auth, no limits and no flow control. What it
 * reaches is the naive limit of our stack on this machine.
 *
 * <ul>
 *   <li>{@code GET /ws}: {@code subscribe} (categories, optional {@code since}) is answered {@code
 *       subscribed}; with {@code since}, the events kept in memory after it follow, then {@code
 *       replay_complete}. {@code batch} is ignored: one frame per event, always.
 *   <li>{@code POST /api/events}: one event or an array; each gets an id, a cursor and a timestamp,
 *       is kept in memory (the newest {@value #KEPT} events, for replay) and written to every
 *       matching subscriber as one {@code event} frame. Answered 201 as the hub answers.
 * </ul>
 *
 * <p>Like the hub, it runs one HTTP server per event loop on one port. Run: {@code java -cp ...
 * dev.eventhub.benchmarks.BareFanoutServer [port]}; it prints {@code bare listening on port N}.
 */
public final class BareFanoutServer {
  static final String LISTENING = "bare listening on port ";
  private static final int KEPT = 200_000;
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final String[] kept = new String[KEPT];
  private final String[] keptCategories = new String[KEPT];
  private long lastSeq;

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx();
    BareFanoutServer server = new BareFanoutServer();
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port == 0 ? -1 : port)
        .setMaxWebSocketFrameSize(1 << 20).setMaxWebSocketMessageSize(1 << 20);
    int[] actual = new int[1];
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(options).requestHandler(server::handle).listen()
            .onSuccess(s -> actual[0] = s.actualPort());
      }
    }, new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE)).await(30, TimeUnit.SECONDS);
    System.out.println(LISTENING + actual[0]);
  }

  private void handle(HttpServerRequest request) {
    switch (request.path()) {
      case "/ws" -> request.toWebSocket().onSuccess(this::opened);
      case "/api/events" -> request.body().onSuccess(body -> publish(request, body.toString()));
      case "/health" -> request.response().end("{\"status\":\"up\"}");
      default -> request.response().setStatusCode(404).end();
    }
  }

  private void opened(ServerWebSocket ws) {
    Subscriber subscriber = new Subscriber(ws);
    ws.textMessageHandler(text -> subscriber.onMessage(new JsonObject(text)));
    ws.closeHandler(v -> subscribers.remove(subscriber));
  }

  private void publish(HttpServerRequest request, String body) {
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (DecodeException e) {
      request.response().setStatusCode(400).end("{\"error\":\"bad_request\",\"message\":\"not JSON\"}");
      return;
    }
    List<JsonObject> events = new ArrayList<>();
    if (parsed instanceof JsonArray array) {
      array.forEach(e -> events.add((JsonObject) e));
    } else {
      events.add((JsonObject) parsed);
    }
    JsonArray answers = new JsonArray();
    for (JsonObject draft : events) {
      answers.add(record(draft));
    }
    String answer = parsed instanceof JsonArray ? new JsonObject().put("events", answers).encode()
        : answers.getJsonObject(0).encode();
    request.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(answer);
  }

  // Assigns id, cursor and timestamp, keeps the event for replay, and writes it to every subscriber.
  private JsonObject record(JsonObject draft) {
    String category = draft.getString("category");
    JsonObject envelope = new JsonObject().put("id", UUID.randomUUID().toString()).put("cursor", "")
        .put("category", category).put("event", draft.getString("event")).put("key", draft.getString("key"))
        .put("timestamp", TIMESTAMP.format(Instant.now())).put("data", draft.getJsonObject("data"));
    synchronized (this) {
      long seq = ++lastSeq;
      envelope.put("cursor", cursor(seq));
      kept[(int) (seq % KEPT)] = envelope.encode();
      keptCategories[(int) (seq % KEPT)] = category;
    }
    Map<String, String> frames = new HashMap<>();
    for (Subscriber s : subscribers) {
      String id = s.subscriptionFor(category);
      if (id != null) {
        String frame = frames.computeIfAbsent(id, sub -> new JsonObject().put("type", "event").put("subscription", sub)
            .mergeIn(envelope).encode());
        s.ws.writeTextMessage(frame);
      }
    }
    return new JsonObject().put("id", envelope.getString("id")).put("cursor", envelope.getString("cursor"));
  }

  private static String cursor(long seq) {
    String hex = Long.toHexString(seq);
    return "0".repeat(16 - hex.length()) + hex;
  }

  /** One connection with its subscriptions (category lists by subscription id). */
  private final class Subscriber {
    final ServerWebSocket ws;
    final Map<String, List<String>> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
    int last;

    Subscriber(ServerWebSocket ws) {
      this.ws = ws;
    }

    String subscriptionFor(String category) {
      for (Map.Entry<String, List<String>> e : subscriptions.entrySet()) {
        if (e.getValue().contains(category) || e.getValue().contains("*")) {
          return e.getKey();
        }
      }
      return null;
    }

    void onMessage(JsonObject request) {
      Object id = request.getValue("id");
      switch (String.valueOf(request.getString("type"))) {
        case "subscribe" -> subscribe(id, request);
        case "unsubscribe" -> {
          subscriptions.remove(request.getString("subscription"));
          ws.writeTextMessage(reply("unsubscribed", id).put("subscription", request.getString("subscription")).encode());
        }
        case "ping" -> ws.writeTextMessage(reply("pong", id).encode());
        default -> ws.writeTextMessage(reply("error", id).put("code", "bad_request").encode());
      }
    }

    private void subscribe(Object id, JsonObject request) {
      String sub = "sub-" + (++last);
      List<String> categories = request.getJsonArray("categories").stream().map(String::valueOf).toList();
      String since = request.getString("since");
      long head;
      List<String> replay = new ArrayList<>();
      synchronized (BareFanoutServer.this) {
        head = lastSeq;
        if (since != null) {
          long from = Math.max(Long.parseLong(since, 16) + 1, Math.max(1, head - KEPT + 1));
          for (long seq = from; seq <= head; seq++) {
            int slot = (int) (seq % KEPT);
            if (categories.contains(keptCategories[slot]) || categories.contains("*")) {
              replay.add(kept[slot]);
            }
          }
        }
      }
      ws.writeTextMessage(reply("subscribed", id).put("subscription", sub).put("categories", new JsonArray(categories))
          .put("cursor", cursor(head)).encode());
      if (since != null) {
        for (String envelope : replay) {
          ws.writeTextMessage("{\"type\":\"event\",\"subscription\":\"" + sub + "\",\"replay\":true,"
              + envelope.substring(1));
        }
        ws.writeTextMessage(reply("replay_complete", id).put("subscription", sub).put("count", replay.size())
            .put("complete", true).encode());
      }
      subscriptions.put(sub, categories);
      if (subscriptions.size() == 1) {
        subscribers.add(this);
      }
    }

    private JsonObject reply(String type, Object id) {
      JsonObject json = new JsonObject().put("type", type);
      return id == null ? json : json.put("id", id);
    }
  }
}
