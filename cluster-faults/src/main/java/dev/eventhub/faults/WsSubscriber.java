package dev.eventhub.faults;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket subscriber that never gives up: it subscribes on a random node, records every event it
 * receives with its cursor, and moves to another node, resuming with {@code since} = the last cursor it
 * received, when its connection ends (a killed node), when the node goes silent (a paused one: no pong
 * for {@link #SILENCE}), or at random. Frames of a connection it left are ignored, so that what it
 * records is exactly what a client resuming with its cursor would process.
 */
final class WsSubscriber implements Runnable {
  static final Duration SILENCE = Duration.ofSeconds(6);

  private final String name;
  private final Set<String> categories;
  private final List<HubNode> nodes;
  private final String token;
  private final Random random;
  private final Duration meanStay;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final List<Facts.Session> sessions = new ArrayList<>();
  private volatile boolean stopped;
  private String start;
  private String last;
  private Connection current;

  WsSubscriber(String name, Set<String> categories, List<HubNode> nodes, String token, long seed, Duration meanStay) {
    this.name = name;
    this.categories = categories;
    this.nodes = nodes;
    this.token = token;
    this.random = new Random(seed);
    this.meanStay = meanStay;
  }

  void stop() {
    stopped = true;
  }

  /** What it recorded; null when it never managed to subscribe. */
  synchronized Facts.Subscriber facts() {
    if (start == null) {
      return null;
    }
    List<Facts.Session> copy = new ArrayList<>();
    for (Facts.Session s : sessions) {
      copy.add(new Facts.Session(s.node(), s.since(), s.complete(), s.at(), List.copyOf(s.received())));
    }
    return new Facts.Subscriber(name, categories, start, copy);
  }

  /** The last cursor received (or the start), for the harness's wait until subscribers caught up. */
  synchronized String last() {
    return last;
  }

  @Override
  public void run() {
    HubNode previous = null;
    while (!stopped) {
      HubNode node = pick(previous);
      previous = node;
      try {
        stay(node);
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        // Could not connect or subscribe (the node is down or not ready): try another.
      }
    }
    synchronized (this) {
      if (current != null) {
        current.leave();
      }
    }
  }

  // Connects to node, subscribes (resuming from the last cursor) and stays until told to move on.
  private void stay(HubNode node) throws InterruptedException {
    Connection c;
    synchronized (this) {
      c = new Connection(node, last);
      current = c;
    }
    long leaveAt = System.currentTimeMillis() + (long) (-Math.log(1 - random.nextDouble()) * meanStay.toMillis());
    try {
      WebSocket ws = http.newWebSocketBuilder().header("Authorization", "Bearer " + token)
          .connectTimeout(Duration.ofSeconds(3))
          .buildAsync(URI.create("ws://127.0.0.1:" + node.port() + "/ws"), c).get(10, TimeUnit.SECONDS);
      c.socket = ws;
      JsonObject subscribe = new JsonObject().put("type", "subscribe").put("id", "s")
          .put("categories", new JsonArray(List.copyOf(categories)));
      if (c.since != null) {
        subscribe.put("since", c.since);
      }
      ws.sendText(subscribe.encode(), true);
      while (!stopped && !c.ended && System.currentTimeMillis() < leaveAt) {
        Thread.sleep(1000);
        if (System.currentTimeMillis() - c.lastFrame > SILENCE.toMillis()) {
          break;
        }
        ws.sendText("{\"type\":\"ping\",\"id\":\"p\"}", true);
      }
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      // Refused or no answer: the loop picks another node.
    } finally {
      c.leave();
      Thread.sleep(100 + random.nextInt(400));
    }
  }

  private HubNode pick(HubNode not) {
    HubNode node;
    do {
      node = nodes.get(random.nextInt(nodes.size()));
    } while (node == not && nodes.size() > 1);
    return node;
  }

  /** One connection; its frames count only while it is the subscriber's current one. */
  private final class Connection implements WebSocket.Listener {
    final HubNode node;
    final String since;
    final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;
    volatile boolean ended;
    volatile long lastFrame = System.currentTimeMillis();
    Facts.Session session;

    Connection(HubNode node, String since) {
      this.node = node;
      this.since = since;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean lastPart) {
      partial.append(data);
      if (lastPart) {
        String text = partial.toString();
        partial.setLength(0);
        lastFrame = System.currentTimeMillis();
        onFrame(new JsonObject(text));
      }
      ws.request(1);
      return null;
    }

    private void onFrame(JsonObject frame) {
      synchronized (WsSubscriber.this) {
        if (current != this || ended) {
          return;
        }
        switch (frame.getString("type", "")) {
          case "subscribed" -> {
            if (start == null) {
              start = frame.getString("cursor");
              last = start;
            }
            session = new Facts.Session(node.name(), since, null, System.currentTimeMillis(), new ArrayList<>());
            sessions.add(session);
          }
          case "event" -> {
            if (session == null) {
              return;
            }
            long now = System.currentTimeMillis();
            session.received().add(new Facts.Received(frame.getString("id"), frame.getString("cursor"),
                frame.getString("category"), now));
            last = frame.getString("cursor");
          }
          case "replay_complete" -> {
            if (session != null) {
              int i = sessions.indexOf(session);
              session = new Facts.Session(session.node(), session.since(), frame.getBoolean("complete"), session.at(),
                  session.received());
              sessions.set(i, session);
            }
          }
          case "error" -> leave();
          default -> { }
        }
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      ended = true;
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      ended = true;
    }

    void leave() {
      synchronized (WsSubscriber.this) {
        ended = true;
        if (current == this) {
          current = null;
        }
      }
      WebSocket ws = socket;
      if (ws != null) {
        ws.abort();
      }
    }
  }
}
