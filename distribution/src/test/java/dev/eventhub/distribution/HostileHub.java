package dev.eventhub.distribution;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The real distribution started once for a whole hostile-input class: a known HS256 secret (so the
 * suite can sign and mutate its own tokens), events published before the run, and the checks made
 * after it (the hub is up and ready, every acknowledged event is still there exactly once).
 */
final class HostileHub implements AutoCloseable {
  /** The HS256 secret the hub verifies with: known to the suite, so it can forge tokens either way. */
  static final String SECRET = "hostile-suite-secret-0123456789abcdef";
  private static final int SEEDED = 30;

  private final Path dir;
  private final HubProcess hub;
  private final int port;
  /** Cursor of every event the hub acknowledged (201) to the suite, with what it published. */
  private final Map<String, JsonObject> acknowledged = new ConcurrentHashMap<>();

  private HostileHub(Path dir, HubProcess hub, int port) {
    this.dir = dir;
    this.hub = hub;
    this.port = port;
  }

  /** Something done to the installed distribution before it starts. */
  interface Preparation {
    void prepare(Path home) throws Exception;
  }

  static HostileHub start(Map<String, String> env) throws Exception {
    return start(env, home -> { });
  }

  static HostileHub start(Map<String, String> env, Preparation preparation) throws Exception {
    Path dir = Files.createTempDirectory("hostile-hub");
    Path home = HubProcess.install(dir.resolve("hub"));
    preparation.prepare(home);
    Map<String, String> all = new HashMap<>(env);
    all.put("HUB_AUTH_JWT_SECRET", SECRET);
    HubProcess hub = HubProcess.start(home, all);
    int port;
    try {
      port = hub.awaitReady();
    } catch (Exception e) {
      hub.close();
      throw e;
    }
    HostileHub hostile = new HostileHub(dir, hub, port);
    hostile.seed();
    return hostile;
  }

  int port() {
    return port;
  }

  HubProcess process() {
    return hub;
  }

  /** A valid token for {@code scope}, an hour long. */
  String token(String scope) {
    JsonObject header = new JsonObject().put("alg", "HS256").put("typ", "JWT");
    JsonObject claims = new JsonObject().put("sub", "hostile-suite").put("scope", scope)
        .put("exp", Instant.now().getEpochSecond() + 3600);
    return sign(b64(header.encode()) + "." + b64(claims.encode()));
  }

  /** {@code signingInput} (header.payload as sent) with its HS256 signature under the hub's secret. */
  static String sign(String signingInput) {
    return signingInput + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(signingInput));
  }

  static byte[] hmac(String signingInput) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Sends one request with an admin token and a JSON body; the connection closes after the answer. */
  RawHttp.Answer send(String method, String target, String token, byte[] body, String contentType) throws Exception {
    StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close");
    if (token != null) {
      head.append("\r\nAuthorization: Bearer ").append(token);
    }
    if (contentType != null) {
      head.append("\r\nContent-Type: ").append(contentType);
    }
    if (body != null) {
      head.append("\r\nContent-Length: ").append(body.length);
    }
    return RawHttp.exchange(port, head.toString(), body);
  }

  /** Records the events a 201 acknowledged, so that the final check looks for them. */
  void acknowledged(RawHttp.Answer answer, byte[] body) {
    if (answer.status() != 201) {
      return;
    }
    JsonObject json = new JsonObject(answer.body());
    JsonArray events = json.containsKey("events") ? json.getJsonArray("events") : new JsonArray().add(json);
    events.forEach(e -> acknowledged.put(((JsonObject) e).getString("cursor"),
        new JsonObject().put("id", ((JsonObject) e).getString("id")).put("published", new String(body, StandardCharsets.UTF_8))));
  }

  private void seed() throws Exception {
    String token = token("publish:*");
    for (int i = 0; i < SEEDED; i++) {
      JsonObject event = new JsonObject().put("category", "seed-" + (i % 3)).put("event", "seeded")
          .put("key", "k" + i).put("data", new JsonObject().put("n", i).put("text", "zwölf \u263a " + i));
      if (i % 2 == 0) {
        event.put("id", "seed-id-" + i);
      }
      byte[] body = event.encode().getBytes(StandardCharsets.UTF_8);
      RawHttp.Answer answer = send("POST", "/api/events", token, body, "application/json");
      if (answer.status() != 201) {
        throw new IllegalStateException("seeding failed: " + answer);
      }
      acknowledged(answer, body);
    }
  }

  /**
   * After the run: the process is alive, {@code /ready} answers 200, and every acknowledged event is
   * in the history exactly once (by cursor), the seeded ones with what was published.
   */
  void checkAfterRun() throws Exception {
    if (!hub.alive()) {
      throw new AssertionError("the hub died during the run:\n" + hub.output());
    }
    RawHttp.Answer ready = send("GET", "/ready", null, null, null);
    if (ready.status() != 200) {
      throw new AssertionError("/ready after the run: " + ready);
    }
    Map<String, Integer> seen = new LinkedHashMap<>();
    Map<String, JsonObject> events = new HashMap<>();
    String token = token("subscribe:*");
    String since = null;
    for (int page = 0; page < 10_000; page++) {
      RawHttp.Answer answer = send("GET", "/api/events?limit=1000" + (since == null ? "" : "&since=" + since),
          token, null, null);
      if (answer.status() != 200) {
        throw new AssertionError("history after the run: " + answer);
      }
      JsonObject json = new JsonObject(answer.body());
      json.getJsonArray("events").forEach(e -> {
        JsonObject event = (JsonObject) e;
        seen.merge(event.getString("cursor"), 1, Integer::sum);
        events.put(event.getString("cursor"), event);
      });
      since = json.getString("next");
      if (!json.getBoolean("more")) {
        break;
      }
    }
    for (Map.Entry<String, JsonObject> ack : acknowledged.entrySet()) {
      int count = seen.getOrDefault(ack.getKey(), 0);
      if (count != 1) {
        throw new AssertionError("acknowledged event " + ack.getValue() + " at cursor " + ack.getKey()
            + " is in the history " + count + " times");
      }
      JsonObject event = events.get(ack.getKey());
      if (!event.getString("id").equals(ack.getValue().getString("id"))) {
        throw new AssertionError("cursor " + ack.getKey() + " holds " + event + ", not " + ack.getValue());
      }
      if ("seeded".equals(event.getString("event"))) {
        JsonObject published = new JsonObject(ack.getValue().getString("published"));
        if (!published.getJsonObject("data").equals(event.getJsonObject("data"))
            || !published.getString("key").equals(event.getString("key"))) {
          throw new AssertionError("seeded event changed: published " + published + ", now " + event);
        }
      }
    }
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      if (hub.alive()) {
        int code = terminate();
        if (code != 0) {
          throw new AssertionError("the hub exited " + code + " on SIGTERM after the run:\n" + hub.output());
        }
      }
    } finally {
      hub.close();
      deleteTree(dir);
    }
  }

  private int terminate() {
    try {
      return hub.terminate();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while the hub stopped", e);
    }
  }

  static void deleteTree(Path dir) throws java.io.IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(HubProcess::uncheckedDelete);
    }
  }
}
