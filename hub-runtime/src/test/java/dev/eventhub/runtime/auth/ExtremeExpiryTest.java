package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.HubException;
import dev.eventhub.runtime.config.HubConfig;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A signed token whose {@code exp} lies outside what a date can hold is refused as a bad token (401),
 * not answered with an internal error: found by the distribution's hostile-input suite
 * ({@code exp: -9223372036854775808} gave a 500 on the WebSocket upgrade).
 */
class ExtremeExpiryTest {
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

  @ParameterizedTest
  @ValueSource(strings = {"-9223372036854775808", "9223372036854775807", "-1e300", "1e300", "9223372036854775803"})
  void shouldRefuseAnExpiryNoDateCanHoldAsUnauthorized(String exp) {
    String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:*", 3600)
        .put("exp", io.vertx.core.json.Json.decodeValue(exp)));
    Throwable failure = failureOf(token);
    assertThat(failure).isInstanceOf(HubException.class);
    assertThat(((HubException) failure).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
  }

  @ParameterizedTest
  @ValueSource(strings = {"18446744073709551616", "9223372036854775807", "1e300", "4102444800"})
  void shouldRefuseATokenNotYetValidWhateverTheSizeOfItsNbf(String nbf) {
    // 2^64 read as a long by the JWT library was 0: "valid since 1970". Found by the hostile-input suite.
    String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:*", 3600)
        .put("nbf", io.vertx.core.json.Json.decodeValue(nbf)));
    Throwable failure = failureOf(token);
    assertThat(failure).isInstanceOf(HubException.class);
    assertThat(((HubException) failure).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("not valid before");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "exp | \"4102444800\"", "nbf | \"1796616916\"", "iat | {}", "exp | true", "nbf | [1]", "exp | null"})
  void shouldRefuseATimeClaimThatIsNotANumberNamingIt(String claim, String value) {
    // A string nbf made the JWT library throw: a 500 on every route. Found by the hostile-input suite.
    String token = Jwts.hs256(TestHub.SECRET, Jwts.claims("publish:*", 3600)
        .put(claim, io.vertx.core.json.Json.decodeValue(value)));
    Throwable failure = failureOf(token);
    assertThat(failure).isInstanceOf(HubException.class);
    assertThat(((HubException) failure).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(failure.getMessage()).contains("'" + claim + "' must be a number");
  }

  // Thrown at once or failed later: either way, what the caller gets.
  private Throwable failureOf(String token) {
    try {
      TestHub.await(tokens.authenticate(token));
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("the token was accepted");
  }
}
