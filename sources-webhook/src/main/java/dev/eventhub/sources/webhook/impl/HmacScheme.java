package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How an endpoint with verification {@code hmac} is signed, for senders none of the named schemes
 * covers: which header holds the signature, HMAC with which hash, in hex or base64, after which
 * prefix; optionally a header with the timestamp (Unix seconds), which is then signed as
 * {@code timestamp.body} and must be within {@code toleranceSeconds} of now.
 *
 * @param algorithm the JCA name: {@code HmacSHA256} or {@code HmacSHA512}
 * @param prefix what precedes the signature in the header (e.g. {@code sha256=}); empty for none
 * @param timestampHeader the header with the signed timestamp; null when the sender signs the body only
 * @param toleranceSeconds how far the timestamp may be from now; 0 for the hub's {@code inbound.tolerance}
 */
record HmacScheme(String header, String algorithm, boolean base64, String prefix, String timestampHeader,
    long toleranceSeconds) {
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");

  /**
   * Reads the {@code hmac} object of an endpoint.
   *
   * @throws HubException {@code bad_request} naming the field at fault
   */
  static HmacScheme parse(JsonObject json) {
    if (json == null) {
      throw HubException.badRequest("field 'hmac' is required for verification hmac: {\"header\": ..., "
          + "\"algorithm\": \"sha256\"|\"sha512\", \"encoding\": \"hex\"|\"base64\", \"prefix\", \"timestampHeader\", "
          + "\"toleranceSeconds\"}");
    }
    String header = Fields.matching(json, "header", true, 128, HEADER);
    String algorithm = switch (lower(Fields.string(json, "algorithm", false, 16), "sha256")) {
      case "sha256" -> "HmacSHA256";
      case "sha512" -> "HmacSHA512";
      default -> throw HubException.badRequest("field 'hmac.algorithm' must be sha256 or sha512");
    };
    boolean base64 = switch (lower(Fields.string(json, "encoding", false, 16), "hex")) {
      case "hex" -> false;
      case "base64" -> true;
      default -> throw HubException.badRequest("field 'hmac.encoding' must be hex or base64");
    };
    String prefix = Fields.string(json, "prefix", false, 64);
    String timestampHeader = Fields.matching(json, "timestampHeader", false, 128, HEADER);
    Long tolerance = Fields.integer(json, "toleranceSeconds", false, 1, 86_400);
    if (tolerance != null && timestampHeader == null) {
      throw HubException.badRequest("field 'hmac.toleranceSeconds' needs 'hmac.timestampHeader': without a "
          + "timestamp there is nothing to be within a tolerance");
    }
    return new HmacScheme(header, algorithm, base64, prefix == null ? "" : prefix, timestampHeader,
        tolerance == null ? 0 : tolerance);
  }

  JsonObject toJson() {
    return new JsonObject().put("header", header)
        .put("algorithm", algorithm.equals("HmacSHA512") ? "sha512" : "sha256")
        .put("encoding", base64 ? "base64" : "hex").put("prefix", prefix).put("timestampHeader", timestampHeader)
        .put("toleranceSeconds", toleranceSeconds == 0 ? null : toleranceSeconds);
  }

  private static String lower(String value, String fallback) {
    return value == null ? fallback : value.toLowerCase(Locale.ROOT);
  }
}
