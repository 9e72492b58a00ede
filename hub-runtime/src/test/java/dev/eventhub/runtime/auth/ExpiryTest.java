package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 17 item 2: {@code exp} is required unless allowed otherwise, and one leeway applies to it. */
class ExpiryTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseATokenWithoutExpByDefault() {
    try (TestHub hub = TestHub.start(dir)) {
      JsonObject forever = Jwts.claims("subscribe:*", 600);
      forever.remove("exp");
      HttpResponse<Buffer> r = hub.get("/api/events", Jwts.hs256(TestHub.SECRET, forever));
      assertThat(r.statusCode()).isEqualTo(401);
      assertThat(r.bodyAsJsonObject().getString("message")).contains("exp").contains("auth.jwt.allowNoExpiry");
      JsonObject notANumber = Jwts.claims("subscribe:*", 600).put("exp", "tomorrow");
      assertThat(hub.get("/api/events", Jwts.hs256(TestHub.SECRET, notANumber)).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldAcceptATokenWithoutExpWhenAllowed() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.allowNoExpiry", true))) {
      JsonObject forever = Jwts.claims("subscribe:*", 600);
      forever.remove("exp");
      assertThat(hub.get("/api/events", Jwts.hs256(TestHub.SECRET, forever)).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldApplyTheConfiguredLeeway() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.leeway", "60s"))) {
      assertThat(hub.get("/api/events", Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", -20))).statusCode())
          .isEqualTo(200);
      assertThat(hub.get("/api/events", Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", -120))).statusCode())
          .isEqualTo(401);
    }
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.leeway", "0s"))) {
      assertThat(hub.get("/api/events", Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", -2))).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void shouldRefuseToStartWithALeewayOutOfRange() {
    assertThat(FailClosedKeysTest.refusal(() -> TestHub.start(dir, c -> c.with("auth.jwt.leeway", "1h"))))
        .hasMessageContaining("auth.jwt.leeway");
  }
}
