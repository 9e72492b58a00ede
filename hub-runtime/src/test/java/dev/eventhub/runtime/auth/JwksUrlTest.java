package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.ForgedTokens;
import dev.eventhub.runtime.testing.JwksServer;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 3: keys from an identity provider's JWKS URL, rotated, refreshed, kept while it is down. */
class JwksUrlTest {
  static final KeyPair FIRST = ForgedTokens.RSA;
  static final KeyPair SECOND = ForgedTokens.generate("RSA", null);
  static final String ISSUER = "https://idp.example";
  static final String AUDIENCE = "event-hub";

  @TempDir static Path certificates;
  @TempDir Path dir;
  static JwksServer idp;

  @BeforeAll
  static void startProvider() throws Exception {
    idp = JwksServer.start(certificates);
  }

  @BeforeEach
  void serveTheFirstKey() {
    idp.up(true);
    idp.serve(ForgedTokens.jwks(ForgedTokens.rsaJwk(FIRST, "k1")));
  }

  @AfterAll
  static void stopProvider() {
    idp.close();
  }

  @Test
  void shouldAcceptATokenSignedWithANewKeyAfterRotationAndKeepTheLastGoodSetWhileTheProviderIsDown() {
    try (TestHub hub = TestHub.start(dir, provider("0s"))) {
      assertThat(hub.get("/api/events", token(FIRST, "k1")).statusCode()).isEqualTo(200);

      idp.serve(ForgedTokens.jwks(ForgedTokens.rsaJwk(SECOND, "k2")));
      assertThat(hub.get("/api/events", token(SECOND, "k2")).statusCode()).isEqualTo(200);

      idp.up(false);
      int before = idp.requests();
      // An unknown kid makes the hub ask; the provider fails; the last good set stays.
      assertThat(hub.get("/api/events", token(FIRST, "k3")).statusCode()).isEqualTo(401);
      assertThat(idp.requests()).isGreaterThan(before);
      assertThat(hub.get("/api/events", token(SECOND, "k2")).statusCode()).isEqualTo(200);

      // A set with no usable key is a failure too: the last good set stays.
      idp.up(true);
      idp.serve("{\"keys\":[]}");
      assertThat(hub.get("/api/events", token(FIRST, "k4")).statusCode()).isEqualTo(401);
      assertThat(hub.get("/api/events", token(SECOND, "k2")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldAskTheProviderAtMostOncePerMinimumIntervalForUnknownKids() {
    try (TestHub hub = TestHub.start(dir, provider("1h"))) {
      int afterStart = idp.requests();
      for (int i = 0; i < 5; i++) {
        assertThat(hub.get("/api/events", token(FIRST, "made-up-" + i)).statusCode()).isEqualTo(401);
      }
      assertThat(idp.requests()).isEqualTo(afterStart);
      assertThat(hub.get("/api/events", token(FIRST, "k1")).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldCheckIssuerAndAudience() {
    try (TestHub hub = TestHub.start(dir, provider("0s"))) {
      JsonObject good = claims();
      assertThat(hub.get("/api/events", Jwts.rs256(FIRST.getPrivate(), "k1", good)).statusCode()).isEqualTo(200);
      for (JsonObject bad : new JsonObject[] {
          good.copy().put("iss", "https://evil.example"), copyWithout(good, "iss"),
          good.copy().put("aud", "someone-else"), copyWithout(good, "aud"),
          good.copy().put("aud", new JsonArray().add("someone-else"))}) {
        assertThat(hub.get("/api/events", Jwts.rs256(FIRST.getPrivate(), "k1", bad)).statusCode()).as(bad.encode())
            .isEqualTo(401);
      }
      JsonObject listed = good.copy().put("aud", new JsonArray().add("other").add(AUDIENCE));
      assertThat(hub.get("/api/events", Jwts.rs256(FIRST.getPrivate(), "k1", listed)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldRefuseToStartWithoutHttpsOrWithoutUsableKeys() {
    assertThat(FailClosedKeysTest.refusal(() -> TestHub.start(dir, c -> provider("0s").apply(c)
        .with("auth.jwt.jwksUrl", idp.url().replace("https:", "http:"))))).hasMessageContaining("https");
    idp.serve("{\"keys\":[]}");
    assertThat(FailClosedKeysTest.refusal(() -> TestHub.start(dir, provider("0s"))))
        .hasMessageContaining("auth.jwt.jwksUrl").hasMessageContaining(idp.url());
    idp.up(false);
    assertThat(FailClosedKeysTest.refusal(() -> TestHub.start(dir, provider("0s")))).hasMessageContaining("503");
  }

  private UnaryOperator<HubConfig> provider(String minRefresh) {
    return c -> c.with("auth.jwt.algorithm", "RS256").with("auth.jwt.jwksUrl", idp.url())
        .with("auth.jwt.jwksTrustedCertificates", new JsonArray().add(idp.certificate().toString()))
        .with("auth.jwt.jwksMinRefreshInterval", minRefresh)
        .with("auth.jwt.issuer", ISSUER).with("auth.jwt.audience", AUDIENCE);
  }

  private static JsonObject claims() {
    return Jwts.claims("subscribe:*", 600).put("iss", ISSUER).put("aud", AUDIENCE);
  }

  private static String token(KeyPair keys, String kid) {
    return Jwts.rs256(keys.getPrivate(), kid, claims());
  }

  private static JsonObject copyWithout(JsonObject claims, String name) {
    JsonObject copy = claims.copy();
    copy.remove(name);
    return copy;
  }
}
