package dev.eventhub.runtime.testing;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tokens made with the JDK alone, independent of the hub's JWT library: expired ones, wrongly signed
 * ones, RS256 and ES256 ones.
 */
public final class Jwts {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jwts() {}

  public static String hs256(String secret, JsonObject claims) {
    String signingInput = signingInput("HS256", claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(PrivateKey key, JsonObject claims) {
    return sign("RS256", "SHA256withRSA", key, claims);
  }

  /** ES256 with the JOSE signature format (r || s, 64 bytes), not DER. */
  public static String es256(PrivateKey key, JsonObject claims) {
    return sign("ES256", "SHA256withECDSAinP1363Format", key, claims);
  }

  private static String sign(String alg, String jca, PrivateKey key, JsonObject claims) {
    String signingInput = signingInput(alg, claims);
    try {
      Signature s = Signature.getInstance(jca);
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** RS256 with a {@code kid} in the header, as identity providers sign. */
  public static String rs256(PrivateKey key, String kid, JsonObject claims) {
    String header = new JsonObject().put("alg", "RS256").put("typ", "JWT").put("kid", kid).encode();
    String signingInput = B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** RS256's key with another RSA algorithm (RS512): a valid signature, but not of the configured algorithm. */
  public static String rs512(PrivateKey key, JsonObject claims) {
    return sign("RS512", "SHA512withRSA", key, claims);
  }

  /** An unsigned token: header {@code alg: none} and an empty signature. */
  public static String unsigned(JsonObject claims) {
    return signingInput("none", claims) + ".";
  }

  /** A token whose header names {@code alg} and whose signature part is empty. */
  public static String emptySignature(String alg, JsonObject claims) {
    return signingInput(alg, claims) + ".";
  }

  /** HS256 keyed with arbitrary bytes (the key confusion attack: a public key used as HMAC secret). */
  public static String hs256(byte[] secret, JsonObject claims) {
    String signingInput = signingInput("HS256", claims);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Claims with {@code scope} and {@code exp} seconds from now (negative: already expired). */
  public static JsonObject claims(String scope, long expiresInSeconds) {
    return new JsonObject().put("sub", "tester").put("scope", scope)
        .put("iat", System.currentTimeMillis() / 1000)
        .put("exp", System.currentTimeMillis() / 1000 + expiresInSeconds);
  }

  private static String signingInput(String alg, JsonObject claims) {
    String header = new JsonObject().put("alg", alg).put("typ", "JWT").encode();
    return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + B64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
  }

  public static String base64Url(byte[] bytes) {
    return B64.encodeToString(bytes);
  }
}
