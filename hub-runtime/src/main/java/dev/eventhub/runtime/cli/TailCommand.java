package dev.eventhub.runtime.cli;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.eventhub.runtime.auth.TokenService;
import dev.eventhub.runtime.config.HubConfig;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code hub tail}: subscribes over WebSocket and prints each event as it is recorded, one line each. Without
 * {@code --token} it signs one itself with the hub's secret (never generating one).
 */
@Command(name = "tail", mixinStandardHelpOptions = true, versionProvider = HubVersion.class,
    description = "Prints events as they are recorded (over WebSocket), one line each; Ctrl-C stops.")
public final class TailCommand implements Callable<Integer> {
  static final Duration TAIL_TTL = Duration.ofDays(1);

  @Spec CommandSpec spec;
  @Mixin ConfigOption config;

  @Parameters(paramLabel = "CATEGORY", arity = "0..*", description = "categories or globs (default: every one)")
  List<String> categories = new ArrayList<>();

  @Option(names = "--events", paramLabel = "GLOBS", description = "comma-separated event globs")
  String events;

  @Option(names = "--keys", paramLabel = "KEYS", description = "comma-separated keys or key globs")
  String keys;

  @Option(names = "--last", paramLabel = "N", description = "replay the last N events first")
  Integer last;

  @Option(names = "--since", paramLabel = "CURSOR", description = "replay every event after this cursor first")
  String since;

  @Option(names = "--json", description = "print each event as its JSON")
  boolean json;

  @Option(names = "--url", paramLabel = "URL", description = "the hub (default: http://localhost:<http.port>)")
  String url;

  @Option(names = "--token", paramLabel = "JWT", description = "a token with subscribe scopes (default: signs one)")
  String token;

  private PrintWriter out;
  // Held for the command's life: Vert.x closes a client that becomes unreachable, and its connection with it.
  private WebSocketClient client;

  @Override
  public Integer call() {
    if (last != null && since != null) {
      throw new ParameterException(spec.commandLine(), "--last and --since contradict each other: give one");
    }
    out = spec.commandLine().getOut();
    HubConfig settings = config.load();
    URI hub = URI.create(url != null ? url : "http://localhost:" + settings.integer("http.port", 0, 65535));
    Vertx vertx = Vertx.vertx();
    try {
      String jwt = token != null ? token : sign(vertx, settings);
      run(vertx, hub, jwt).await();
      return HubCommand.OK;
    } catch (ParameterException | IllegalArgumentException | IllegalStateException e) {
      throw e;
    } catch (Exception e) {
      spec.commandLine().getErr().println("hub: tail: " + e.getMessage() + " (is the hub running at " + hub + "?)");
      return HubCommand.FAILED;
    } finally {
      out.flush();
      vertx.close();
    }
  }

  private static String sign(Vertx vertx, HubConfig settings) {
    TokenService tokens = TokenService.forSigning(vertx, settings);
    return tokens.enabled()
        ? tokens.issue("hub-tail", Set.of("subscribe:*"), TokenCommand.min(TAIL_TTL, tokens.maxTokenTtl())) : "";
  }

  private JsonObject subscribe() {
    JsonObject subscribe = new JsonObject().put("type", "subscribe").put("id", "tail");
    JsonArray wanted = new JsonArray();
    categories.stream().flatMap(c -> list(c).stream()).forEach(wanted::add);
    subscribe.put("categories", wanted.isEmpty() ? new JsonArray().add("*") : wanted);
    if (events != null) {
      subscribe.put("events", new JsonArray(list(events)));
    }
    if (keys != null) {
      subscribe.put("keys", new JsonArray(list(keys)));
    }
    if (last != null) {
      subscribe.put("last", last);
    }
    if (since != null) {
      subscribe.put("since", since);
    }
    return subscribe;
  }

  /** Connects, subscribes and prints until the connection closes; fails if it cannot connect. */
  private Future<Void> run(Vertx vertx, URI url, String token) {
    client = vertx.createWebSocketClient();
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
      return ws.writeTextMessage(subscribe().encode()).compose(v -> closed.future());
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

}
