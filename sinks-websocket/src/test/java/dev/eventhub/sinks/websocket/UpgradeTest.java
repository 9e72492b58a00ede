package dev.eventhub.sinks.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.ForgedTokens;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeTest {
  @TempDir Path dir;
  Fixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void shouldUpgradeWithATokenInTheAuthorizationHeader() {
    fixture = Fixture.start(dir);
    try (WsClient c = WsClient.open(fixture.hub, fixture.client, fixture.hub.token("subscribe:*"))) {
      c.assertNothingPending();
    }
  }

  @Test
  void shouldUpgradeWithATokenInTheAccessTokenQueryParameter() {
    fixture = Fixture.start(dir);
    WebSocketConnectOptions options = WsClient.options(fixture.hub, null)
        .setURI("/ws?access_token=" + fixture.hub.token("subscribe:*"));
    try (WsClient c = TestHub.await(WsClient.connect(fixture.client, options))) {
      c.assertNothingPending();
    }
  }

  @Test
  void shouldRefuseAnUnknownQueryParameterWith400NamingIt() {
    fixture = Fixture.start(dir);
    UpgradeRejectedException refused = WsClient.refused(fixture.client, WsClient.options(fixture.hub,
        fixture.hub.token("subscribe:*")).setURI("/ws?categories=orders"));
    assertThat(refused.getStatus()).isEqualTo(400);
    assertThat(refused.getBody().toJsonObject().getString("message"))
        .startsWith("unknown query parameter 'categories': GET /ws takes only access_token");
  }

  @Test
  void shouldRefuseAMissingMalformedWronglySignedOrExpiredTokenWith401AndCountIt() {
    fixture = Fixture.start(dir);
    long inAnHour = Instant.now().plusSeconds(3600).getEpochSecond();
    String wrongSecret = Jwts.hs256("another-secret-another-secret-0123456789", Jwts.claims("subscribe:*", inAnHour));
    String expired = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", Instant.now().minusSeconds(600).getEpochSecond()));
    String valid = Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", inAnHour));

    assertUnauthorized(WsClient.options(fixture.hub, null), "no token");
    assertUnauthorized(WsClient.options(fixture.hub, "not-a-jwt"), "malformed");
    assertUnauthorized(WsClient.options(fixture.hub, wrongSecret), "invalid token");
    assertUnauthorized(WsClient.options(fixture.hub, expired), "expired");
    assertUnauthorized(WsClient.options(fixture.hub, null).setURI("/ws?access_token=" + expired), "expired");
    assertUnauthorized(WsClient.options(fixture.hub, null).putHeader("Authorization", "Basic dXNlcjpwdw=="), "Bearer");

    try (WsClient c = WsClient.open(fixture.hub, fixture.client, valid)) {
      c.assertNothingPending();
    }
    JsonObject stats = fixture.stats();
    assertThat(stats.getLong("authFailures")).isEqualTo(6);
    assertThat(stats.getLong("connectionsAccepted")).isEqualTo(1);
  }

  @Test
  void shouldRefuseEveryTokenNotSignedWithTheConfiguredAlgorithm() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), ForgedTokens.jwks(ForgedTokens.rsaJwk()));
    fixture = Fixture.start(dir, c -> c.with("auth.jwt.algorithm", "RS256").with("auth.jwt.jwksFile", "jwks.json"));
    JsonObject claims = dev.eventhub.runtime.testing.Jwts.claims("subscribe:*", 600);
    for (Map.Entry<String, String> forged : ForgedTokens.against(claims).entrySet()) {
      UpgradeRejectedException refused = WsClient.refused(fixture.client, WsClient.options(fixture.hub, forged.getValue()));
      assertThat(refused.getStatus()).as(forged.getKey()).isEqualTo(401);
    }
    String good = dev.eventhub.runtime.testing.Jwts.rs256(ForgedTokens.RSA.getPrivate(), claims);
    try (WsClient c = TestHub.await(WsClient.connect(fixture.client, WsClient.options(fixture.hub, good)))) {
      c.assertNothingPending();
    }
  }

  @Test
  void shouldAllowOnlyTheHubsOwnOriginByDefault() {
    fixture = Fixture.start(dir);
    String token = fixture.hub.token("subscribe:*");
    String self = "http://127.0.0.1:" + fixture.hub.port();
    for (String foreign : new String[] {"https://evil.example.net", "http://127.0.0.1:1", "https://127.0.0.1:"
        + fixture.hub.port(), "null"}) {
      UpgradeRejectedException refused = WsClient.refused(fixture.client,
          WsClient.options(fixture.hub, token).putHeader("Origin", foreign));
      assertThat(refused.getStatus()).as(foreign).isEqualTo(403);
    }
    try (WsClient c = TestHub.await(WsClient.connect(fixture.client,
        WsClient.options(fixture.hub, token).putHeader("Origin", self)))) {
      c.assertNothingPending();
    }
    try (WsClient c = TestHub.await(WsClient.connect(fixture.client,
        WsClient.options(fixture.hub, token).setAllowOriginHeader(false)))) {
      c.assertNothingPending();
    }
  }

  @Test
  void shouldRefuseAnOriginOutsideTheAllowListWith403() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.allowedOrigins",
        new JsonArray().add("https://app.example.com").add("https://*.example.org")));
    String token = fixture.hub.token("subscribe:*");

    UpgradeRejectedException refused = WsClient.refused(fixture.client,
        WsClient.options(fixture.hub, token).putHeader("Origin", "https://evil.example.net"));
    assertThat(refused.getStatus()).isEqualTo(403);
    assertThat(refused.getBody().toJsonObject())
        .isEqualTo(new JsonObject().put("error", "forbidden").put("message", "origin 'https://evil.example.net' is not allowed"));

    for (String allowed : new String[] {"https://app.example.com", "https://eu.example.org"}) {
      try (WsClient c = TestHub.await(WsClient.connect(fixture.client,
          WsClient.options(fixture.hub, token).putHeader("Origin", allowed)))) {
        c.assertNothingPending();
      }
    }
    try (WsClient c = TestHub.await(WsClient.connect(fixture.client,
        WsClient.options(fixture.hub, token).setAllowOriginHeader(false)))) {
      c.assertNothingPending();
    }
  }

  @Test
  void shouldRefuseUpgradesPastTheConnectionLimitWith503() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxConnections", 2));
    try (WsClient a = fixture.connect(); WsClient b = fixture.connect()) {
      UpgradeRejectedException refused = WsClient.refused(fixture.client, WsClient.options(fixture.hub,
          fixture.hub.token("subscribe:*")));
      assertThat(refused.getStatus()).isEqualTo(503);
      assertThat(refused.getBody().toJsonObject().getString("error")).isEqualTo("unavailable");
      assertThat(refused.getHeaders().get("Retry-After")).isEqualTo("1");
      a.assertNothingPending();
      b.assertNothingPending();
    }
  }

  @Test
  void shouldAnswerAPlainRequestOnTheWebSocketPathWithAnErrorBody() {
    fixture = Fixture.start(dir);
    var plain = fixture.hub.get("/ws", fixture.hub.token("subscribe:*"));
    assertThat(plain.statusCode()).isEqualTo(400);
    assertThat(plain.bodyAsJsonObject().getString("error")).isEqualTo("bad_request");
    var below = fixture.hub.get("/ws/other", fixture.hub.token("subscribe:*"));
    assertThat(below.statusCode()).isEqualTo(404);
    assertThat(below.bodyAsJsonObject().getString("error")).isEqualTo("not_found");
  }

  @Test
  void shouldServeTheCountersToAdminsOnly() {
    fixture = Fixture.start(dir);
    assertThat(fixture.hub.get("/api/websocket/stats", null).statusCode()).isEqualTo(401);
    assertThat(fixture.hub.get("/api/websocket/stats", fixture.hub.token("subscribe:*")).statusCode()).isEqualTo(403);
    assertThat(fixture.hub.get("/api/websocket/other", fixture.hub.adminToken()).statusCode()).isEqualTo(404);
    assertThat(fixture.stats().fieldNames()).contains("connectionsOpen", "subscriptionsActive", "framesSent",
        "slowConsumerCloses", "authFailures");
  }

  @Test
  void shouldListTheSinkAsARunningPlugin() {
    fixture = Fixture.start(dir);
    JsonArray plugins = fixture.hub.get("/api/plugins", fixture.hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins");
    JsonObject sink = plugins.stream().map(JsonObject.class::cast).filter(p -> p.getString("name").equals("websocket"))
        .findFirst().orElseThrow();
    assertThat(sink.getString("kind")).isEqualTo("sink");
    assertThat(sink.getString("state")).isEqualTo("running");
  }

  @Test
  void shouldFailToStartWithAWrongSetting() {
    fixture = Fixture.start(dir, c -> c.with("plugins.websocket.maxFrameSize", "big"));
    JsonArray plugins = fixture.hub.get("/api/plugins", fixture.hub.adminToken()).bodyAsJsonObject().getJsonArray("plugins");
    JsonObject sink = plugins.getJsonObject(0);
    assertThat(sink.getString("state")).isEqualTo("failed");
    assertThat(sink.getString("error")).contains("maxFrameSize");
  }

  @Test
  void shouldCountTheSocketInVertxMetricsWhileOpenAndNoLongerOnceClosed() {
    fixture = Fixture.start(dir);
    assertThat(metric("vertx_http_server_active_ws_connections")).isZero();
    try (WsClient c = fixture.connect()) {
      c.assertNothingPending();
      assertThat(metric("vertx_http_server_active_ws_connections")).isEqualTo(1.0);
    }
    // The client's close completes before the hub's side has seen the TCP close: ask again, a bounded number of times.
    double open = 1;
    for (int i = 0; i < 200 && open != 0; i++) {
      open = metric("vertx_http_server_active_ws_connections");
    }
    assertThat(open).isZero();
  }

  // The sum of a metric's series in the hub's Prometheus text; 0 when there is none.
  private double metric(String name) {
    String body = fixture.hub.get("/metrics", fixture.hub.adminToken()).bodyAsString();
    return body.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private void assertUnauthorized(WebSocketConnectOptions options, String messagePart) {
    UpgradeRejectedException refused = WsClient.refused(fixture.client, options);
    assertThat(refused.getStatus()).isEqualTo(401);
    JsonObject body = refused.getBody().toJsonObject();
    assertThat(body.getString("error")).isEqualTo("unauthorized");
    assertThat(body.getString("message")).contains(messagePart);
  }
}
