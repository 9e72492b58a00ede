package dev.eventhub.runtime.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventhub.runtime.testing.Jwts;
import dev.eventhub.runtime.testing.TestHub;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Production setups: tokens from an identity provider, verified with public keys only. */
class PublicKeyAuthTest {
  @TempDir Path dir;

  @Test
  void shouldVerifyRs256TokensWithAPemPublicKeyFile() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    KeyPair keys = gen.generateKeyPair();
    KeyPair other = gen.generateKeyPair();
    String pem = "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
    Files.writeString(dir.resolve("idp.pem"), pem);

    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.algorithm", "RS256")
        .with("auth.jwt.publicKeys", new JsonArray().add("idp.pem")))) {
      String good = Jwts.rs256(keys.getPrivate(), Jwts.claims("subscribe:*", 600));
      String forged = Jwts.rs256(other.getPrivate(), Jwts.claims("subscribe:*", 600));
      assertThat(hub.get("/api/events", good).statusCode()).isEqualTo(200);
      assertThat(hub.get("/api/events", forged).statusCode()).isEqualTo(401);
      assertThat(hub.get("/api/events", Jwts.hs256(TestHub.SECRET, Jwts.claims("subscribe:*", 600))).statusCode())
          .isEqualTo(401);
    }
  }

  @Test
  void shouldVerifyEs256TokensWithAJwksFileAndCheckIssuerAndAudience() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
    gen.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = gen.generateKeyPair();
    ECPublicKey pub = (ECPublicKey) keys.getPublic();
    JsonObject jwk = new JsonObject().put("kty", "EC").put("crv", "P-256").put("alg", "ES256").put("use", "sig")
        .put("x", Jwts.base64Url(fixed(pub.getW().getAffineX())))
        .put("y", Jwts.base64Url(fixed(pub.getW().getAffineY())));
    Files.writeString(dir.resolve("jwks.json"), new JsonObject().put("keys", new JsonArray().add(jwk)).encode());

    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.algorithm", "ES256")
        .with("auth.jwt.jwksFile", "jwks.json").with("auth.jwt.issuer", "https://idp.example")
        .with("auth.jwt.audience", "event-hub"))) {
      JsonObject claims = Jwts.claims("subscribe:*", 600).put("iss", "https://idp.example").put("aud", "event-hub");
      assertThat(hub.get("/api/events", Jwts.es256(keys.getPrivate(), claims)).statusCode()).isEqualTo(200);
      JsonObject wrongIssuer = claims.copy().put("iss", "https://evil.example");
      assertThat(hub.get("/api/events", Jwts.es256(keys.getPrivate(), wrongIssuer)).statusCode()).isEqualTo(401);
      JsonObject wrongAudience = claims.copy().put("aud", "someone-else");
      assertThat(hub.get("/api/events", Jwts.es256(keys.getPrivate(), wrongAudience)).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void shouldAllowEverythingOnlyWhenAuthIsExplicitlyOff() {
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.enabled", false))) {
      assertThat(hub.get("/api/plugins", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldGenerateASecretOnFirstStartAndKeepItAcrossRestarts() throws Exception {
    String token;
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.secret", null))) {
      assertThat(dir.resolve("data/token-secret")).exists();
      token = hub.token("subscribe:*");
      assertThat(hub.get("/api/events", token).statusCode()).isEqualTo(200);
    }
    try (TestHub hub = TestHub.start(dir, c -> c.with("auth.jwt.secret", null))) {
      assertThat(hub.get("/api/events", token).statusCode()).isEqualTo(200);
    }
  }

  private static byte[] fixed(BigInteger value) {
    byte[] bytes = value.toByteArray();
    byte[] out = new byte[32];
    int copy = Math.min(32, bytes.length);
    System.arraycopy(bytes, bytes.length - copy, out, 32 - copy, copy);
    return Arrays.copyOf(out, 32);
  }
}
