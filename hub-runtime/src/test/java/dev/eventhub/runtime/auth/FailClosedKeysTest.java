package dev.eventhub.runtime.auth;

import static dev.eventhub.runtime.testing.ForgedTokens.EC;
import static dev.eventhub.runtime.testing.ForgedTokens.RSA;
import static dev.eventhub.runtime.testing.ForgedTokens.ecJwk;
import static dev.eventhub.runtime.testing.ForgedTokens.rsaJwk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.eventhub.runtime.config.ConfigException;
import dev.eventhub.runtime.testing.ForgedTokens;
import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17 item 1: with RS256/ES256 the hub refuses to start without a key usable for that algorithm,
 * and at run time accepts only tokens whose header names the configured algorithm.
 */
class FailClosedKeysTest {
  @TempDir Path dir;

  @Test
  void shouldRefuseToStartWithAnEmptyKeySetNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
    assertRefused("RS256", "jwks.json", "no key", "empty");
  }

  @Test
  void shouldRefuseToStartWhenNoKeyIsForSigning() throws Exception {
    jwks(rsaJwk().put("use", "enc"));
    assertRefused("RS256", "jwks.json", "use");
  }

  @Test
  void shouldRefuseToStartWhenTheKeysAreOfAnotherType() throws Exception {
    jwks(ecJwk());
    assertRefused("RS256", "jwks.json", "kty");
    jwks(rsaJwk());
    assertRefused("ES256", "jwks.json", "kty");
    jwks(ecJwk().put("crv", "P-384"));
    assertRefused("ES256", "jwks.json", "crv");
    jwks(rsaJwk().put("alg", "RS512"));
    assertRefused("RS256", "jwks.json", "alg");
  }

  @Test
  void shouldRefuseToStartWithAPemKeyOfAnotherType() throws Exception {
    Files.writeString(dir.resolve("ec.pem"), ForgedTokens.pem(EC));
    assertThat(refusal(() -> TestHub.start(dir, c -> c.with("auth.jwt.algorithm", "RS256")
        .with("auth.jwt.publicKeys", new JsonArray().add("ec.pem"))))).hasMessageContaining("ec.pem");
  }

  @Test
  void shouldAcceptOnlyTheConfiguredAlgorithmOverHttp() throws Exception {
    jwks(rsaJwk().put("use", "enc").put("kid", "other"), rsaJwk());
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.algorithm", "RS256").with("auth.jwt.jwksFile", "jwks.json"))) {
      JsonObject claims = Jwts.claims("admin publish:* subscribe:*", 600);
      assertThat(hub.get("/api/plugins", Jwts.rs256(RSA.getPrivate(), claims)).statusCode()).isEqualTo(200);
      for (Map.Entry<String, String> forged : ForgedTokens.against(claims).entrySet()) {
        HttpResponse<Buffer> plugins = hub.get("/api/plugins", forged.getValue());
        assertThat(plugins.statusCode()).as(forged.getKey()).isEqualTo(401);
        assertThat(plugins.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
        HttpResponse<Buffer> publish = hub.send(HttpMethod.POST, "/api/events", forged.getValue(),
            new JsonObject().put("category", "orders").put("event", "placed"));
        assertThat(publish.statusCode()).as(forged.getKey()).isEqualTo(401);
      }
    }
  }

  private void jwks(JsonObject... keys) throws Exception {
    Files.writeString(dir.resolve("jwks.json"), ForgedTokens.jwks(keys));
  }

  private void assertRefused(String algorithm, String file, String... messageParts) {
    assertThat(refusal(() -> TestHub.start(dir, c -> c.with("auth.jwt.algorithm", algorithm).with("auth.jwt.jwksFile", file))))
        .hasMessageContaining(file).hasMessageContainingAll(messageParts);
  }

  /** The ConfigException that {@code start} failed with, wherever it is in the cause chain. */
  static ConfigException refusal(ThrowingCallable start) {
    Throwable t = catchThrowable(start);
    while (t != null && !(t instanceof ConfigException)) {
      t = t.getCause();
    }
    assertThat(t).as("the hub refused to start with a ConfigException").isInstanceOf(ConfigException.class);
    return (ConfigException) t;
  }
}
