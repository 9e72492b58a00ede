package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The HMAC primitives of the inbound schemes ({@link Verifier}), and the two HMAC-SHA256 schemes
 * the hub also signs with or checks itself: Standard Webhooks ({@code webhook-signature: v1,<base64>}
 * over {@code id.timestamp.body}, keyed by the bytes of a {@code whsec_} secret) and GitHub's
 * ({@code X-Hub-Signature-256: sha256=<hex>} over the body, keyed by the secret's UTF-8 bytes).
 * Comparisons take constant time.
 */
final class Signatures {
  static final String SECRET_PREFIX = "whsec_";
  static final int MIN_KEY_BYTES = 24;
  static final int MAX_KEY_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private Signatures() {}

  /** A new Standard Webhooks secret: {@code whsec_} and 32 random bytes in base64. */
  static String newSecret() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The key bytes of a Standard Webhooks secret.
   *
   * @throws HubException {@code bad_request} when it is not {@code whsec_} and base64 of 24 to 64 bytes
   */
  static byte[] standardKey(String secret) {
    if (secret == null || !secret.startsWith(SECRET_PREFIX)) {
      throw HubException.badRequest("a Standard Webhooks secret is 'whsec_' followed by base64");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest("a Standard Webhooks secret is 'whsec_' followed by base64: " + e.getMessage());
    }
    if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
      throw HubException.badRequest("a Standard Webhooks secret holds " + MIN_KEY_BYTES + " to " + MAX_KEY_BYTES
          + " bytes, this one " + key.length);
    }
    return key;
  }

  /** The {@code webhook-signature} value: {@code v1,} and base64 of HMAC-SHA256(key, id.timestamp.body). */
  static String signStandard(byte[] key, String id, String timestamp, byte[] body) {
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, (id + "." + timestamp + ".").getBytes(
        StandardCharsets.UTF_8), body));
  }

  /**
   * Whether one of the space-separated signatures of {@code header} is a valid {@code v1} signature;
   * other versions are ignored.
   */
  static boolean verifyStandard(byte[] key, String id, String timestamp, byte[] body, String header) {
    byte[] expected = signStandard(key, id, timestamp, body).getBytes(StandardCharsets.UTF_8);
    boolean valid = false;
    for (String candidate : header.trim().split(" +")) {
      // Every candidate is compared, so the time taken does not tell which one matched.
      valid |= candidate.startsWith("v1,") && MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
    }
    return valid;
  }

  /** Whether {@code header} is {@code sha256=} and the hex HMAC-SHA256 of the body keyed by the secret. */
  static boolean verifyGithub(String secret, byte[] body, String header) {
    byte[] expected = ("sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body)))
        .getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, header.trim().toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** The hex SHA-256 of {@code bytes}. */
  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (GeneralSecurityException e) {
      // SHA-256 is required of every JRE.
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Whether two strings are equal, in a time that does not depend on where they differ. */
  static boolean same(String expected, String given) {
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, byte[]... parts) {
    return hmac("HmacSHA256", key, parts);
  }

  /** The HMAC of the parts, one after the other, with {@code algorithm} (HmacSHA1, HmacSHA256, HmacSHA512). */
  static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      // HmacSHA1, HmacSHA256 and HmacSHA512 are required of every JRE.
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }
}
