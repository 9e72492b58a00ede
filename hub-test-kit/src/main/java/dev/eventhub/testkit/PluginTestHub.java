package dev.eventhub.testkit;

import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real hub for a plugin's tests, in the test's JVM: its own Vert.x, the HTTP server on a free
 * loopback port, its data and {@code plugins/} folders under a directory the test gives (JUnit's
 * {@code @TempDir}), a random token secret. The hub finds the plugin under test on the test classpath
 * ({@code META-INF/services}, as {@code @AutoService} writes it) and starts it as it would from
 * {@code plugins/}; the bundled WebSocket sink is on the classpath too, so {@link #subscribe} works.
 *
 * <p>Every wait is bounded by {@link #TIMEOUT}: a test that fails says so instead of hanging. Close
 * the hub (try-with-resources); start another on the same directory to test what survives a restart.
 * Methods are meant for the test's thread; they block it, never a Vert.x thread.
 */
public final class PluginTestHub implements AutoCloseable {
  /**
   * The bound of every wait: generous, since it only decides how long a failing test takes to say so, and a
   * busy machine can take seconds for what takes milliseconds on an idle one.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Hub hub;
  private final HttpClient http;
  private final WebSocketClient webSockets;

  private PluginTestHub(Hub hub) {
    this.hub = hub;
    this.http = hub.vertx().createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(hub.port()).setKeepAlive(false)); // a connection per request: no test depends on a pooled one
    this.webSockets = hub.vertx().createWebSocketClient();
  }

  /** Starts a hub with the default settings, its folders under {@code dir}. */
  public static PluginTestHub start(Path dir) {
    return builder(dir).start();
  }

  /** A hub to configure ({@link Builder#setting}) before {@link Builder#start()}. */
  public static Builder builder(Path dir) {
    return new Builder(dir);
  }

  /** Settings for a hub under test; see {@link #builder(Path)}. */
  public static final class Builder {
    private final Path dir;
    private final Map<String, Object> settings = new LinkedHashMap<>();

    private Builder(Path dir) {
      this.dir = dir;
    }

    /**
     * Sets one setting by its dotted path, as in conf/hub.json: {@code setting("plugins.heartbeat.intervalMs", 100)}
     * (your plugin's section is {@code plugins.<name>}; docs/configuration.md lists the hub's).
     */
    public Builder setting(String path, Object value) {
      settings.put(path, value);
      return this;
    }

    /** Starts the hub and waits until every plugin has started or failed. */
    public PluginTestHub start() {
      HubConfig config = HubConfig.defaults(dir)
          .with("http.host", "127.0.0.1")
          .with("http.port", 0)
          .with("data.dir", dir.resolve("data").toString())
          .with("loader.dir", dir.resolve("plugins").toString())
          .with("auth.jwt.secret", randomSecret())
          .with("shutdown.timeout", "20s");
      for (Map.Entry<String, Object> setting : settings.entrySet()) {
        config = config.with(setting.getKey(), setting.getValue());
      }
      return new PluginTestHub(await(Hub.start(config)));
    }

    private static String randomSecret() {
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      return HexFormat.of().formatHex(bytes);
    }
  }

  /** The hub's Vert.x: the event bus where recorded events arrive ({@code hub.events.<category>}). */
  public Vertx vertx() {
    return hub.vertx();
  }

  /** The loopback port the hub's HTTP server listens on. */
  public int port() {
    return hub.port();
  }

  /** The URL of {@code path} on the hub, e.g. {@code http://127.0.0.1:41234/api/events}. */
  public String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  /** A token for {@code scopes} ({@code "publish:orders"}, {@code "subscribe:*"}, {@code "admin"}), valid an hour. */
  public String token(String... scopes) {
    return hub.tokens().issue("plugin-test", Set.of(scopes), Duration.ofHours(1));
  }

  /** A token with every scope: {@code subscribe:*}, {@code publish:*} and {@code admin}. */
  public String adminToken() {
    return token("subscribe:*", "publish:*", "admin");
  }

  /** {@code GET path} with {@code token} (null: none), answered whole. */
  public HttpAnswer get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  /** {@code POST path} with a JSON body ({@code null}: none) and {@code token} (null: none). */
  public HttpAnswer post(String path, String token, JsonObject body) {
    return send(HttpMethod.POST, path, token, body);
  }

  /** Any request with a JSON body ({@code null}: none) and {@code token} (null: none), answered whole. */
  public HttpAnswer send(HttpMethod method, String path, String token, JsonObject body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(path);
    if (token != null) {
      options.putHeader("Authorization", "Bearer " + token);
    }
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    Future<HttpAnswer> answer = http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body.toBuffer()))
        .compose(response -> response.body().map(b -> new HttpAnswer(response.statusCode(),
            response.getHeader("Content-Type"), b.toString(StandardCharsets.UTF_8))));
    return await(answer);
  }

  /**
   * Publishes one event over {@code POST /api/events} and waits until it is durable.
   *
   * @param key may be null
   * @return the recorded event (with its {@code id} and {@code cursor})
   * @throws AssertionError unless the hub answers 201
   */
  public JsonObject publish(String category, String event, String key, JsonObject data) {
    JsonObject body = new JsonObject().put("category", category).put("event", event).put("data", data);
    if (key != null) {
      body.put("key", key);
    }
    HttpAnswer answer = post("/api/events", adminToken(), body);
    if (answer.status() != 201) {
      throw new AssertionError("publish answered " + answer.status() + ": " + answer.body());
    }
    return answer.json();
  }

  /**
   * The recorded events of {@code category}, oldest first (the first page of {@code GET /api/events}).
   *
   * @throws AssertionError unless the hub answers 200
   */
  public List<JsonObject> history(String category) {
    HttpAnswer answer = get("/api/events?categories=" + URLEncoder.encode(category, StandardCharsets.UTF_8),
        adminToken());
    if (answer.status() != 200) {
      throw new AssertionError("history answered " + answer.status() + ": " + answer.body());
    }
    JsonArray events = answer.json().getJsonArray("events");
    return events.stream().map(JsonObject.class::cast).toList();
  }

  /**
   * What {@code GET /api/plugins} says of the plugin {@code name}: {@code state} ({@code running},
   * {@code failed}...), {@code error}, {@code errors}, {@code version}; null when no plugin has that name.
   */
  public JsonObject plugin(String name) {
    return get("/api/plugins", adminToken()).json().getJsonArray("plugins").stream().map(JsonObject.class::cast)
        .filter(p -> name.equals(p.getString("name"))).findFirst().orElse(null);
  }

  /**
   * Subscribes to {@code categories} (names or globs) over a new WebSocket connection to {@code /ws};
   * returns once the hub has confirmed, so every event recorded from then on arrives.
   *
   * @throws AssertionError when the hub refuses the connection or the subscription
   */
  public Subscription subscribe(String... categories) {
    BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
    Promise<String> confirmed = Promise.promise();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port())
        .setURI("/ws").addHeader("Authorization", "Bearer " + token("subscribe:*"));
    var socket = await(webSockets.connect(options));
    socket.textMessageHandler(text -> {
      JsonObject frame = new JsonObject(text);
      if ("subscribed".equals(frame.getString("type"))) {
        confirmed.tryComplete(frame.getString("cursor"));
      } else if ("error".equals(frame.getString("type")) && !confirmed.future().isComplete()) {
        confirmed.tryFail(new AssertionError("subscription refused: " + text));
      } else {
        frames.add(frame);
      }
    });
    socket.closeHandler(v -> confirmed.tryFail(new AssertionError("the hub closed the WebSocket: "
        + socket.closeStatusCode() + " " + socket.closeReason())));
    socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "s1")
        .put("categories", new JsonArray(List.of((Object[]) categories))).encode());
    return new Subscription(socket, frames, await(confirmed.future()));
  }

  /** The hub itself, for what this kit does not cover (its plugin manager, its event log). */
  public Hub hub() {
    return hub;
  }

  /**
   * Waits for {@code future} on the test's thread, at most {@link #TIMEOUT}.
   *
   * @throws AssertionError when it fails or does not complete in time (a RuntimeException it fails with is rethrown)
   */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (RuntimeException | AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("gave up waiting after " + TIMEOUT.toSeconds() + "s: " + e, e);
    }
  }

  /** Stops the hub (its plugins first) and its Vert.x. */
  @Override
  public void close() {
    await(http.close());
    await(webSockets.close());
    await(hub.stop());
  }
}
