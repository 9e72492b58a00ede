package dev.eventhub.sources.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An implementation of the Standard Webhooks and GitHub signatures written for the tests from the
 * specifications, independent of the plugin's own: what a third-party receiver or sender does.
 */
final class StandardWebhooks {
  private StandardWebhooks() {}

  /** {@code v1,} + base64(HMAC-SHA256(base64-decoded secret after whsec_, "id.timestamp.body")). */
  static String sign(String secret, String id, long timestamp, byte[] body) {
    byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
    byte[] content = concat((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
    return "v1," + Base64.getEncoder().encodeToString(hmac(key, content));
  }

  /** Whether a space-separated {@code webhook-signature} header holds the right v1 signature. */
  static boolean verify(String secret, String id, String timestamp, byte[] body, String header) {
    byte[] expected = sign(secret, id, Long.parseLong(timestamp), body).getBytes(StandardCharsets.UTF_8);
    for (String signature : header.split(" ")) {
      if (MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8))) {
        return true;
      }
    }
    return false;
  }

  /** GitHub's {@code X-Hub-Signature-256}: {@code sha256=} + hex(HMAC-SHA256(secret bytes, body)). */
  static String github(String secret, byte[] body) {
    return "sha256=" + HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
  }

  private static byte[] hmac(byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
