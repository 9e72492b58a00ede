package dev.eventhub.runtime.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * {@code bin/hub tail [categories...] [--events globs] [--keys keys] [--last N | --since CURSOR] [--json]
 * [--url http://host:port] [--token JWT]}: subscribes over WebSocket and prints each event as it is
 * recorded, one line each. Without {@code --token} it signs one itself with the local secret.
 */
public final class TailCommand {
  private final Vertx vertx;
  private final PrintStream out;
  private final URI url;
  private final String token;
  private final JsonObject subscribe;
  private final boolean json;

  private TailCommand(Vertx vertx, PrintStream out, URI url, String token, JsonObject subscribe, boolean json) {
    this.vertx = vertx;
    this.out = out;
    this.url = url;
    this.token = token;
    this.subscribe = subscribe;
    this.json = json;
  }

  /** Parses the arguments; {@code tokenIssuer} signs a token when none is given. */
  public static TailCommand parse(Vertx vertx, PrintStream out, List<String> args, String defaultUrl,
      java.util.function.Function<String, String> tokenIssuer) {
    JsonArray categories = new JsonArray();
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("id", "tail");
    String url = defaultUrl;
    String token = null;
    boolean json = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      switch (arg) {
        case "--events" -> subscribe.put("events", list(value(args, ++i, arg)));
        case "--keys" -> subscribe.put("keys", list(value(args, ++i, arg)));
        case "--last" -> subscribe.put("last", Integer.parseInt(value(args, ++i, arg)));
        case "--since" -> subscribe.put("since", value(args, ++i, arg));
        case "--url" -> url = value(args, ++i, arg);
        case "--token" -> token = value(args, ++i, arg);
        case "--json" -> json = true;
        default -> {
          if (arg.startsWith("--")) {
            throw new IllegalArgumentException("unknown option '" + arg + "' for 'hub tail'");
          }
          list(arg).forEach(categories::add);
        }
      }
    }
    if (categories.isEmpty()) {
      categories.add("*");
    }
    subscribe.put("categories", categories);
    String scope = "subscribe:*";
    return new TailCommand(vertx, out, URI.create(url), token != null ? token : tokenIssuer.apply(scope), subscribe, json);
  }

  /** Connects, subscribes and prints until the connection closes; fails if it cannot connect. */
  public Future<Void> run() {
    WebSocketClient client = vertx.createWebSocketClient();
    boolean tls = "https".equals(url.getScheme()) || "wss".equals(url.getScheme());
    int port = url.getPort() > 0 ? url.getPort() : tls ? 443 : 80;
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(url.getHost()).setPort(port)
        .setSsl(tls).setURI("/ws").addHeader("Authorization", "Bearer " + token);
    Promise<Void> closed = Promise.promise();
    return client.connect(options).compose(ws -> {
      ws.textMessageHandler(text -> print(new JsonObject(text)));
      ws.closeHandler(v -> {
        out.println("-- connection closed" + (ws.closeStatusCode() == null ? "" : " (" + ws.closeStatusCode() + " "
            + ws.closeReason() + ")"));
        closed.tryComplete();
      });
      return ws.writeTextMessage(subscribe.encode()).compose(v -> closed.future());
    });
  }

  private void print(JsonObject frame) {
    switch (frame.getString("type", "")) {
      case "event" -> printEvent(frame);
      case "events" -> frame.getJsonArray("events").forEach(e -> printEvent((JsonObject) e));
      case "subscribed" -> out.println("-- subscribed to " + frame.getJsonArray("categories").encode()
          + " at " + frame.getString("cursor") + "; waiting for events (Ctrl-C to stop)");
      case "replay_complete" -> out.println("-- replayed " + frame.getInteger("count")
          + (frame.getBoolean("complete", true) ? "" : " (incomplete: older events were pruned or the cursor is unknown)")
          + "; live from here");
      case "error" -> out.println("-- error " + frame.getString("code") + ": " + frame.getString("message"));
      default -> { }
    }
  }

  private void printEvent(JsonObject e) {
    if (json) {
      out.println(e.copy().put("type", (String) null).encode());
      return;
    }
    out.println(e.getString("timestamp") + "  " + e.getString("category") + "/" + e.getString("event")
        + (e.getString("key") == null ? "" : "  key=" + e.getString("key"))
        + "  " + e.getJsonObject("data", new JsonObject()).encode()
        + (e.getBoolean("replay", false) ? "  (replay)" : ""));
  }

  private static List<String> list(String raw) {
    return Arrays.stream(raw.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
