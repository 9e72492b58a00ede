package dev.eventhub.runtime.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An identity provider's keys for tests (one RSA and one EC P-256 pair, as JWKs and PEM), and every
 * mutation of a token a forger would try against a hub that verifies RS256 with the RSA key.
 */
public final class ForgedTokens {
  public static final KeyPair RSA = generate("RSA", null);
  public static final KeyPair EC = generate("EC", "secp256r1");

  private ForgedTokens() {}

  /** Forged tokens carrying {@code claims}, by the name of the trick. */
  public static Map<String, String> against(JsonObject claims) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("alg none", Jwts.unsigned(claims));
    out.put("alg none, signed anyway", Jwts.unsigned(claims) + "c2lnbmF0dXJl");
    out.put("RS256 with an empty signature", Jwts.emptySignature("RS256", claims));
    out.put("HS256 keyed with the public key's PEM", Jwts.hs256(pem(RSA).getBytes(StandardCharsets.UTF_8), claims));
    out.put("HS256 keyed with the public key's DER", Jwts.hs256(RSA.getPublic().getEncoded(), claims));
    out.put("RS512 with the right private key", Jwts.rs512(RSA.getPrivate(), claims));
    out.put("ES256 with another key", Jwts.es256(EC.getPrivate(), claims));
    return out;
  }

  /** The RSA public key as a JWK ({@code use: sig}, {@code kid: rsa-1}, no {@code alg}). */
  public static JsonObject rsaJwk() {
    return rsaJwk(RSA, "rsa-1");
  }

  public static JsonObject rsaJwk(KeyPair keys, String kid) {
    RSAPublicKey pub = (RSAPublicKey) keys.getPublic();
    return new JsonObject().put("kty", "RSA").put("use", "sig").put("kid", kid)
        .put("n", Jwts.base64Url(unsigned(pub.getModulus()))).put("e", Jwts.base64Url(unsigned(pub.getPublicExponent())));
  }

  /** The EC public key as a JWK on P-256. */
  public static JsonObject ecJwk() {
    ECPublicKey pub = (ECPublicKey) EC.getPublic();
    return new JsonObject().put("kty", "EC").put("crv", "P-256").put("use", "sig").put("kid", "ec-1")
        .put("x", Jwts.base64Url(fixed(pub.getW().getAffineX()))).put("y", Jwts.base64Url(fixed(pub.getW().getAffineY())));
  }

  /** A JWKS document of {@code keys}. */
  public static String jwks(JsonObject... keys) {
    return new JsonObject().put("keys", new JsonArray(Arrays.asList((Object[]) keys))).encode();
  }

  public static String pem(KeyPair keys) {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  public static KeyPair generate(String type, String curve) {
    try {
      KeyPairGenerator gen = KeyPairGenerator.getInstance(type);
      if (curve != null) {
        gen.initialize(new ECGenParameterSpec(curve));
      } else {
        gen.initialize(2048);
      }
      return gen.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] unsigned(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
  }

  private static byte[] fixed(BigInteger value) {
    byte[] bytes = unsigned(value);
    byte[] out = new byte[32];
    System.arraycopy(bytes, 0, out, 32 - bytes.length, bytes.length);
    return out;
  }
}
