package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Verified tokens are remembered for a while: only the very same token, and never past its expiry. */
class TokenCacheTest {
  @TempDir Path dir;
  Vertx vertx;
  TokenService tokens;

  @BeforeEach
  void create() {
    vertx = Vertx.vertx();
    tokens = TokenService.create(vertx, HubConfig.defaults(dir).with("auth.jwt.secret", TestHub.SECRET));
  }

  @AfterEach
  void close() {
    TestHub.await(vertx.close());
  }

  @Test
  void shouldRefuseATamperedTokenAfterAcceptingTheOriginal() {
    String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:orders", 3600));
    assertThat(TestHub.await(tokens.authenticate(token)).canPublish("orders")).isTrue();
    assertThat(TestHub.await(tokens.authenticate(token)).canPublish("orders")).isTrue();

    String otherSignature = token.substring(0, token.length() - 2) + (token.endsWith("AA") ? "BB" : "AA");
    assertThat(failure(tokens.authenticate(otherSignature))).contains("invalid token");
    String signedElsewhere = Jwts.hs256("another-secret-another-secret-another-secret", Jwts.claims("publish:*", 3600));
    assertThat(failure(tokens.authenticate(signedElsewhere))).contains("invalid token");
  }

  @Test
  void shouldNotRememberATokenPastItsExpiry() {
    String expired = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:*", -60));
    assertThat(failure(tokens.authenticate(expired))).contains("expired");
    assertThat(failure(tokens.authenticate(expired))).contains("expired");

    String valid = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:*", 3600));
    HubPrincipal first = TestHub.await(tokens.authenticate(valid));
    assertThat(TestHub.await(tokens.authenticate(valid))).isEqualTo(first);
  }

  private static String failure(Future<HubPrincipal> result) {
    try {
      TestHub.await(result);
    } catch (RuntimeException e) {
      Throwable cause = e instanceof HubException ? e : e.getCause() != null ? e.getCause() : e;
      return cause.getMessage();
    }
    throw new AssertionError("the token was accepted");
  }
}
