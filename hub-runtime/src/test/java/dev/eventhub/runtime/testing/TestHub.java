package dev.eventhub.runtime.testing;

import dev.eventhub.runtime.Hub;
import dev.eventhub.runtime.config.HubConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A real hub for tests: its own Vert.x, loopback port 0, data and plugins folders in a temp dir, and
 * a fixed HS256 secret. Shared with plugin modules through hub-runtime's test jar.
 */
public final class TestHub implements AutoCloseable {
  public static final String SECRET = "test-secret-test-secret-test-secret-0123456789";
  /**
   * The bound of every wait for an event: generous, since it only decides how long a test that fails anyway
   * takes to say so, and a machine whose two cores run several builds at once can take tens of seconds for what
   * takes milliseconds on an idle one.
   */
  public static final long TIMEOUT_SECONDS = 60;

  private final Hub hub;
  private final WebClient client;

  private TestHub(Hub hub) {
    this.hub = hub;
    this.client = WebClient.create(hub.vertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(hub.port()).setKeepAlive(true));
  }

  /** The configuration tests start from: everything under {@code dir}. */
  public static HubConfig config(Path dir) {
    return HubConfig.defaults(dir)
        .with("http.host", "127.0.0.1")
        .with("http.port", 0)
        .with("data.dir", dir.resolve("data").toString())
        .with("loader.dir", dir.resolve("plugins").toString())
        .with("auth.jwt.secret", SECRET)
        .with("shutdown.timeout", "20s");
  }

  public static TestHub start(Path dir) {
    return start(config(dir));
  }

  public static TestHub start(Path dir, UnaryOperator<HubConfig> customize) {
    return start(customize.apply(config(dir)));
  }

  /**
   * Issue 24: as the hub's command line does, the hub puts on the event bus only the categories someone wants:
   * plugins say what they consume, and a test that listens on the bus itself says so through {@code
   * hub().interest()} ({@link EventRecorder} does).
   */
  public static TestHub start(HubConfig config) {
    Hub hub = await(Hub.start(config));
    hub.interest().narrow();
    return new TestHub(hub);
  }

  public Hub hub() {
    return hub;
  }

  public Vertx vertx() {
    return hub.vertx();
  }

  public int port() {
    return hub.port();
  }

  public WebClient client() {
    return client;
  }

  /** A token for {@code scopes}, valid for an hour. */
  public String token(String... scopes) {
    return hub.tokens().issue("test", Set.of(scopes), Duration.ofHours(1));
  }

  /** A token with every scope. */
  public String adminToken() {
    return token("subscribe:*", "publish:*", "admin");
  }

  /** Sends a request and waits for the answer. {@code body} is JSON-encoded unless it is a Buffer or String. */
  public HttpResponse<Buffer> send(HttpMethod method, String path, String token, Object body) {
    var request = client.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    Future<HttpResponse<Buffer>> response;
    if (body == null) {
      response = request.send();
    } else if (body instanceof Buffer b) {
      response = request.putHeader("Content-Type", "application/json").sendBuffer(b);
    } else if (body instanceof String s) {
      response = request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(s));
    } else {
      response = request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(Json.encode(body)));
    }
    return await(response);
  }

  public HttpResponse<Buffer> get(String path, String token) {
    return send(HttpMethod.GET, path, token, null);
  }

  public HttpResponse<Buffer> post(String path, String token, Object body) {
    return send(HttpMethod.POST, path, token, body);
  }

  /** Publishes one event over HTTP and returns the answer body; fails unless 201. */
  public JsonObject publish(String category, String event, String key, JsonObject data) {
    JsonObject body = new JsonObject().put("category", category).put("event", event).put("key", key).put("data", data);
    HttpResponse<Buffer> r = post("/api/events", adminToken(), body);
    if (r.statusCode() != 201) {
      throw new AssertionError("publish answered " + r.statusCode() + ": " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  /** Waits for a future on the test thread, failing after {@link #TIMEOUT_SECONDS}. */
  public static <T> T await(Future<T> future) {
    try {
      return future.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("gave up waiting after " + TIMEOUT_SECONDS + "s: " + e, e);
    }
  }

  @Override
  public void close() {
    client.close();
    await(hub.stop());
  }
}
