package dev.eventhub.distribution;

import static dev.eventhub.distribution.HostileBodies.template;

import dev.eventhub.distribution.HostileBodies.Field;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile input over real connections to one running distribution (all bundled plugins): request
 * bodies on every route that takes one, query strings and path segments, headers, JWTs, WebSocket
 * frames. Each answer is checked as it comes (never a 5xx, a leak or a hang); after the run the hub
 * must be up and ready with every acknowledged event readable exactly once.
 *
 * <p>Seed and tries: see {@link HostileRun}. Shrinking is off: each try costs real requests, and the
 * failing input is reported as generated.
 */
@AddLifecycleHook(HostileRun.class)
class HostileInputIT {
  private static HostileHub hub;
  private static String admin;

  /** A request: method, target, body. */
  record Request(String method, String target, byte[] body) {
    @Override
    public String toString() {
      return method + " " + HostileChecks.abbreviate(target, 200) + " with " + (body == null ? "no body"
          : body.length + " bytes: " + HostileChecks.abbreviate(new String(body, StandardCharsets.UTF_8), 300));
    }
  }

  @BeforeContainer
  static void startHub() throws Exception {
    hub = HostileHub.start(Map.of());
    admin = hub.token("admin publish:* subscribe:*");
    // The inbound endpoint the /hooks/<id> bodies go to.
    RawHttp.Answer created = hub.send("POST", "/api/webhook/endpoints", admin,
        HostileBodies.utf8("{\"id\":\"open\",\"verification\":\"none\"}"), "application/json");
    if (created.status() != 201) {
      throw new IllegalStateException("could not create the inbound endpoint: " + created);
    }
  }

  @AfterContainer
  static void checkAndStopHub() throws Exception {
    if (hub == null) {
      return;
    }
    try (HostileHub h = hub) {
      h.checkAfterRun();
    }
  }

  @Property(tries = 120, shrinking = ShrinkingMode.OFF)
  void bodiesAreAcceptedOrRefusedCleanly(@ForAll("bodies") Request request) throws Exception {
    RawHttp.Answer answer = hub.send(request.method(), request.target(), admin, request.body(), "application/json");
    HostileChecks.harmless(answer, request.toString());
    if (request.target().equals("/api/events")) {
      hub.acknowledged(answer, request.body());
    }
  }

  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void queryStringsAndPathsAreAnsweredCleanly(@ForAll("targets") String target) throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(hub.port(), ("GET " + target
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer " + admin)
        .getBytes(StandardCharsets.ISO_8859_1), null, 0);
    HostileChecks.harmless(answer, "GET " + HostileChecks.abbreviate(target, 300));
  }

  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void headersAreAnsweredCleanly(@ForAll("heads") HostileHeaders.Head head) throws Exception {
    RawHttp.Answer answer = RawHttp.exchange(hub.port(), head.bytes(admin), head.body(), head.sendBodyBytes());
    if (head.version().startsWith("HTTP/2") && answer.status() == 501 && answer.body().isEmpty()) {
      // Vert.x answers a request line of another HTTP version itself, before any hub code: 501, as RFC 9110 allows.
      return;
    }
    HostileChecks.harmless(answer, head.toString());
    if (answer.status() >= 200 && answer.status() < 300 && !head.carriesToken()) {
      throw new AssertionError("accepted without a valid Authorization header: " + head + " -> " + answer);
    }
    if (head.target().equals("/api/events") && head.method().equals("POST")) {
      hub.acknowledged(answer, head.body());
    }
  }

  @Property(tries = 120, shrinking = ShrinkingMode.OFF)
  void tokensAreVerifiedNeverTrusted(@ForAll("tokens") HostileJwts.Token token, @ForAll("tokenRoutes") String route)
      throws Exception {
    if (route.equals("upgrade")) {
      upgradeWith(token);
      return;
    }
    RawHttp.Answer answer;
    byte[] body = null;
    if (route.equals("publish")) {
      body = HostileBodies.utf8("{\"category\":\"hostile-jwt\",\"event\":\"e\",\"key\":\"k\",\"data\":{}}");
      answer = hub.send("POST", "/api/events", token.text(), body, "application/json");
    } else {
      answer = hub.send("GET", route.equals("admin") ? "/api/plugins" : "/api/events?categories=seed-0&limit=1",
          token.text(), null, null);
    }
    HostileChecks.harmless(answer, "token " + token + " on " + route);
    boolean accepted = answer.status() >= 200 && answer.status() < 300;
    if (accepted && !token.acceptable()) {
      throw new AssertionError("accepted a token the hub's key does not vouch for: " + token + " on " + route
          + " -> " + answer);
    }
    if (accepted && route.equals("admin") && !token.grantsAdmin()) {
      throw new AssertionError("admin route open to a token without admin: " + token + " -> " + answer);
    }
    if (body != null) {
      hub.acknowledged(answer, body);
    }
  }

  private void upgradeWith(HostileJwts.Token token) throws Exception {
    try (RawWebSocket ws = RawWebSocket.open(hub.port(), "/ws", "Bearer " + token.text())) {
      if (!token.acceptable()) {
        throw new AssertionError("WebSocket upgrade accepted a token the hub's key does not vouch for: " + token);
      }
      ws.send(RawWebSocket.CLOSE, new byte[] {0x03, (byte) 0xE8});
    } catch (RawWebSocket.Refused refused) {
      if (refused.status >= 500) {
        throw new AssertionError("a " + refused.status + " for the upgrade with " + token + ": " + refused.getMessage());
      }
      HostileChecks.noLeak(refused.body, "the upgrade with " + token);
    }
  }

  @Property(tries = 40, shrinking = ShrinkingMode.OFF)
  void webSocketFramesNeverHurtTheHub(@ForAll("frames") List<HostileFrames.Described> frames) throws Exception {
    String what = "frames " + frames;
    try (RawWebSocket ws = RawWebSocket.open(hub.port(), "/ws", "Bearer " + admin)) {
      boolean open = true;
      for (HostileFrames.Described step : frames) {
        try {
          step.step().send(ws);
        } catch (java.io.IOException e) {
          open = false; // The hub closed the connection for an earlier frame: allowed.
          break;
        }
      }
      if (open) {
        try {
          ws.send(RawWebSocket.TEXT, HostileBodies.utf8("{\"type\":\"ping\",\"id\":\"end-of-try\"}"));
        } catch (java.io.IOException e) {
          // Closed meanwhile: what it sent before closing is read below.
        }
      }
      readUntilPongOrClose(ws, what);
    }
  }

  // Every frame the hub sends is JSON without a leak; it ends with our pong or a clean close.
  private static void readUntilPongOrClose(RawWebSocket ws, String what) throws Exception {
    while (true) {
      RawWebSocket.Frame frame;
      try {
        frame = ws.read();
      } catch (java.net.SocketTimeoutException e) {
        throw new AssertionError("neither an answer nor a close after " + what + ": " + e.getMessage());
      }
      if (frame == null) {
        return; // Connection ended without a close frame: the hub dropped it, as it may for a protocol error.
      }
      switch (frame.opcode()) {
        case RawWebSocket.CLOSE -> {
          if (frame.closeCode() == 1011) {
            throw new AssertionError("closed with 1011 (internal error) after " + what + ": " + frame);
          }
          HostileChecks.noLeak(frame.closeReason(), what);
          return;
        }
        case RawWebSocket.TEXT -> {
          HostileChecks.noLeak(frame.text(), what);
          JsonObject json;
          try {
            json = new JsonObject(frame.text());
          } catch (RuntimeException e) {
            throw new AssertionError("a frame that is not a JSON object after " + what + ": " + frame);
          }
          if ("error".equals(json.getString("type")) && "internal".equals(json.getString("code"))) {
            throw new AssertionError("an internal error frame after " + what + ": " + frame);
          }
          if ("pong".equals(json.getString("type")) && "end-of-try".equals(json.getValue("id"))) {
            return;
          }
        }
        default -> {
          // Pongs to our pings, pings of the heartbeat.
        }
      }
    }
  }

  @Provide
  Arbitrary<Request> bodies() {
    List<Arbitrary<Request>> routes = new ArrayList<>();
    routes.add(route("POST", "/api/events", template("category", "\"hostile\"", "event", "\"e\"", "key", "\"k\"",
        "data", "{\"n\":1}", "id", "\"hostile-id\"")));
    routes.add(HostileBodies.body(template("category", "\"hostile\"", "event", "\"e\"")).list().ofMinSize(1).ofMaxSize(3)
        .map(list -> new Request("POST", "/api/events", batch(list))));
    routes.add(route("POST", "/api/checkpoint/sessions/s1/checkpoints", template("label", "\"l\"", "state", "{\"step\":3}")));
    routes.add(route("POST", "/api/checkpoint/sessions/s1/compact", template("keep", "2")));
    routes.add(route("POST", "/api/workflow/jobs", template("job_id", "\"j1\"", "name", "\"n\"", "steps",
        "[\"compile\",\"test\"]")));
    routes.add(route("POST", "/api/workflow/jobs/j1/steps/compile/complete", template("duration_ms", "5", "output", "\"o\"")));
    routes.add(route("POST", "/api/workflow/jobs/j1/fail", template("error", "\"e\"")));
    List<Field> schedule = template("name", "\"hostile\"", "trigger", "{\"type\":\"interval\",\"every\":\"1h\"}",
        "action", "{\"type\":\"publish\",\"category\":\"hostile\",\"event\":\"due\",\"data\":{}}");
    routes.add(route("POST", "/api/scheduler/schedules", schedule));
    routes.add(route("PUT", "/api/scheduler/schedules/hostile", schedule));
    routes.add(HostileBodies.value().map(v -> new Request("POST", "/api/scheduler/schedules", HostileBodies.utf8(
        "{\"name\":\"cron\",\"trigger\":{\"type\":\"cron\",\"expression\":" + v + ",\"timeZone\":\"Europe/Paris\"},"
            + "\"action\":{\"type\":\"publish\",\"category\":\"hostile\",\"event\":\"due\"}}"))));
    routes.add(HostileBodies.value().map(v -> new Request("POST", "/api/scheduler/schedules", HostileBodies.utf8(
        "{\"name\":\"tz\",\"trigger\":{\"type\":\"cron\",\"expression\":\"0 0 3 * * ?\",\"timeZone\":" + v + "},"
            + "\"action\":{\"type\":\"http\",\"method\":\"POST\",\"url\":\"http://127.0.0.1:9/x\",\"headers\":" + v
            + ",\"timeout\":" + v + ",\"retry\":" + v + "}}"))));
    routes.add(route("POST", "/api/webhook/endpoints", template("id", "\"ep\"", "verification", "\"standard-webhooks\"",
        "allowedHeaders", "[\"x-tenant\"]", "secret", "\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"")));
    routes.add(route("POST", "/api/webhook/subscriptions", template("id", "\"sub\"", "url", "\"http://127.0.0.1:9/x\"",
        "categories", "[\"hostile\"]", "events", "[\"e-*\"]", "keys", "[\"k\"]", "headers", "{\"X-Env\":\"t\"}")));
    // issue 22: PATCH, secret rotations, the new inbound schemes.
    routes.add(route("PATCH", "/api/webhook/subscriptions/sub", template("url", "\"http://127.0.0.1:9/y\"",
        "categories", "[\"hostile\"]", "headers", "{\"X-Env\":\"u\"}", "paused", "true")));
    routes.add(route("POST", "/api/webhook/subscriptions/sub/rotate-secret", template("secret",
        "\"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"", "overlap", "\"1h\"")));
    routes.add(route("POST", "/api/webhook/endpoints/ep/rotate-secret", template("overlap", "\"0s\"")));
    routes.add(route("POST", "/api/webhook/endpoints", template("id", "\"mac\"", "verification", "\"hmac\"",
        "secret", "\"k\"", "hmac", "{\"header\":\"X-Sig\",\"algorithm\":\"sha512\",\"timestampHeader\":\"X-Ts\"}")));
    routes.add(route("POST", "/api/webhook/endpoints", template("id", "\"tw\"", "verification", "\"twilio\"",
        "secret", "\"t\"", "url", "\"https://hub.example.com/hooks/tw\"")));
    routes.add(route("POST", "/hooks/open", template("any", "\"thing\"")));
    routes.add(route("POST", "/api/dlq/entries", template("origin", "{\"plugin\":\"billing-app\",\"target\":\"x\"}",
        "reason", "\"r\"", "payload", "{\"invoice\":1}", "attempts", "5", "firstFailureAt", "\"2026-11-21T12:00:00.000Z\"",
        "lastFailureAt", "\"2026-11-21T12:04:00.000Z\"")));
    routes.add(route("POST", "/api/dlq/entries/1763726640000-0000/resolve", template("note", "\"n\"")));
    routes.add(route("POST", "/api/dlq/purge", template("origin", "\"nobody\"", "olderThan", "\"36500d\"")));
    routes.add(route("POST", "/api/checkpoint/sessions/s1/checkpoints/x/restore", template("x", "1")));
    return Arbitraries.oneOf(routes);
  }

  private static Arbitrary<Request> route(String method, String target, List<Field> template) {
    return HostileBodies.body(template).map(body -> new Request(method, target, body));
  }

  private static byte[] batch(List<byte[]> events) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < events.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(events.get(i));
    }
    out.write(']');
    return out.toByteArray();
  }

  @Provide
  Arbitrary<String> targets() {
    return HostileQueries.targets();
  }

  @Provide
  Arbitrary<HostileHeaders.Head> heads() {
    return HostileHeaders.heads();
  }

  @Provide
  Arbitrary<HostileJwts.Token> tokens() {
    return HostileJwts.tokens();
  }

  @Provide
  Arbitrary<String> tokenRoutes() {
    return Arbitraries.of("admin", "publish", "history", "upgrade");
  }

  @Provide
  Arbitrary<List<HostileFrames.Described>> frames() {
    return Combinators.combine(HostileFrames.step().list().ofMinSize(1).ofMaxSize(6),
        Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<HostileFrames.Described>of())),
            Tuple.of(1, HostileFrames.violation().list().ofSize(1))))
        .as((steps, violation) -> {
          List<HostileFrames.Described> all = new ArrayList<>(steps);
          all.addAll(violation);
          return all;
        });
  }
}
