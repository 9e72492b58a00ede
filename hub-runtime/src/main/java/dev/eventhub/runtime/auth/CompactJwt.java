package dev.eventhub.runtime.auth;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The unverified parts of a compact JWT, read before any signature check so that the header's
 * {@code alg} can be held to the configured algorithm: a library asked to verify a token must never be
 * the one to pick the algorithm (no {@code none}, no HS256 keyed with a public key).
 *
 * @param header the decoded header
 * @param claims the decoded payload
 * @param signed whether the signature part is non-empty
 */
record CompactJwt(JsonObject header, JsonObject claims, boolean signed) {

  /** The token's parts, or null when it is not a compact JWT with JSON header and payload. */
  static CompactJwt parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return null;
    }
    try {
      return new CompactJwt(json(parts[0]), json(parts[1]), !parts[2].isEmpty());
    } catch (IllegalArgumentException | DecodeException | ClassCastException e) {
      return null;
    }
  }

  /** The header's {@code alg}, or null when absent or not a string. */
  String alg() {
    return header.getValue("alg") instanceof String s ? s : null;
  }

  /** The header's {@code kid}, or null. */
  String kid() {
    return header.getValue("kid") instanceof String s ? s : null;
  }

  private static JsonObject json(String part) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }
}
