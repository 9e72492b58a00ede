package dev.eventhub.runtime.auth;

import dev.eventhub.runtime.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks, from PEM texts and JWKS documents, the public keys usable for the configured algorithm (RS256:
 * RSA keys; ES256: EC keys on P-256), so that the hub fails closed: with no usable key it refuses to
 * start, because a Vert.x JWTAuth without keys accepts unsigned tokens.
 */
final class KeyLoader {
  private static final Logger LOG = LoggerFactory.getLogger(KeyLoader.class);

  private KeyLoader() {}

  /** The PEM public key checked for {@code algorithm}; {@code source} names it in errors. */
  static PubSecKeyOptions pem(String pem, String algorithm, String source) {
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    PublicKey key;
    try {
      key = KeyFactory.getInstance(keyType(algorithm)).generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new ConfigException("setting 'auth.jwt.publicKeys': " + source + " is not a PEM "
          + keyType(algorithm) + " public key (SubjectPublicKeyInfo), as " + algorithm + " needs");
    }
    if (key instanceof ECPublicKey ec && ec.getParams().getCurve().getField().getFieldSize() != 256) {
      throw new ConfigException("setting 'auth.jwt.publicKeys': " + source + " is an EC key on another curve than P-256, "
          + "which ES256 needs");
    }
    return new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem);
  }

  /**
   * The keys of a JWKS document usable for {@code algorithm}, each with its {@code alg} set; the others
   * are skipped with a warning. Throws when the document is not a JWKS or leaves no usable key.
   */
  static List<JsonObject> jwks(String document, String algorithm, String source) {
    JsonArray keys;
    try {
      keys = new JsonObject(document).getJsonArray("keys");
    } catch (DecodeException | ClassCastException e) {
      keys = null;
    }
    if (keys == null) {
      throw new ConfigException(source + " is not a JWKS document (a JSON object with a 'keys' array)");
    }
    List<JsonObject> usable = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (Object item : keys) {
      String why = item instanceof JsonObject key ? unusable(key, algorithm) : "not a JSON object";
      if (why == null) {
        usable.add(((JsonObject) item).copy().put("alg", algorithm));
      } else {
        skipped.add(describe(item) + ": " + why);
      }
    }
    if (usable.isEmpty()) {
      throw new ConfigException(source + " has no key usable to verify " + algorithm + " tokens"
          + (skipped.isEmpty() ? " (its 'keys' is empty)" : ": " + String.join("; ", skipped)));
    }
    skipped.forEach(s -> LOG.warn(source + ": key skipped, " + s));
    return usable;
  }

  /** Why a JWK cannot verify {@code algorithm} signatures, or null when it can. */
  static String unusable(JsonObject key, String algorithm) {
    Object use = key.getValue("use");
    if (use != null && !"sig".equals(use)) {
      return "its 'use' is '" + use + "', not 'sig'";
    }
    Object alg = key.getValue("alg");
    if (alg != null && !algorithm.equals(alg)) {
      return "its 'alg' is '" + alg + "', not " + algorithm;
    }
    Object kty = key.getValue("kty");
    if (!keyType(algorithm).equals(kty)) {
      return "its 'kty' is '" + kty + "', " + algorithm + " needs " + keyType(algorithm);
    }
    if ("ES256".equals(algorithm) && !"P-256".equals(key.getValue("crv"))) {
      return "its 'crv' is '" + key.getValue("crv") + "', ES256 needs P-256";
    }
    boolean material = "RSA".equals(kty) ? key.getValue("n") instanceof String && key.getValue("e") instanceof String
        : key.getValue("x") instanceof String && key.getValue("y") instanceof String;
    return material ? null : "its public key parameters are missing";
  }

  private static String keyType(String algorithm) {
    return "ES256".equals(algorithm) ? "EC" : "RSA";
  }

  private static String describe(Object item) {
    return item instanceof JsonObject key && key.getValue("kid") instanceof String kid ? "key '" + kid + "'" : "a key";
  }
}
