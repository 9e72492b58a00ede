package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.sources.webhook.impl.Endpoint.Verification;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an inbound request as its endpoint's scheme says (see docs/sources/webhook.md), against every
 * secret the endpoint accepts at the moment (two during a rotation). A failure is a 401 whose message
 * names the scheme and what was wrong, never a secret. Stateless; the replay guard is the caller's.
 */
final class Verifier {
  static final int MAX_WEBHOOK_ID = 128;
  private static final Pattern SECONDS = Pattern.compile("\\d{1,12}");
  private static final HexFormat HEX = HexFormat.of();

  private Verifier() {}

  /**
   * A request as received.
   *
   * @param url the absolute URL the hub saw, query included (Twilio signs the URL)
   */
  record Request(MultiMap headers, byte[] body, String url) {}

  /**
   * What verification established: the request's webhook id (null when none), the key its replay
   * guard remembers (something the signature covers; null when nothing is guarded), until when, and
   * what that key is, for the message of a refused replay.
   */
  record Verified(String webhookId, String replayKey, long expiresAt, String guarded) {
    String replayed(String endpoint) {
      return guarded == null ? "webhook id '" + webhookId + "' was already received at endpoint '" + endpoint + "'"
          : "a delivery with the same " + guarded + " was already received at endpoint '" + endpoint + "'";
    }
  }

  /** @throws HubException {@code unauthorized} (or {@code bad_request}) saying what was wrong */
  static Verified verify(Endpoint endpoint, List<String> secrets, Request request, long now, long toleranceMs) {
    return switch (endpoint.verification()) {
      case STANDARD -> standard(secrets, request, now, toleranceMs);
      case GITHUB -> github(secrets, request, now, toleranceMs);
      case STRIPE -> stripe(secrets, request, now, toleranceMs);
      case SLACK -> slack(secrets, request, now, toleranceMs);
      case SHOPIFY -> shopify(secrets, request, now, toleranceMs);
      case GITLAB -> gitlab(secrets, request, now, toleranceMs);
      case TWILIO -> Twilio.verify(endpoint.url(), secrets, request, now, toleranceMs);
      case HMAC -> hmac(endpoint.hmac(), secrets, request, now, toleranceMs);
      case NONE -> new Verified(null, null, 0, null);
    };
  }

  private static Verified standard(List<String> secrets, Request request, long now, long toleranceMs) {
    MultiMap headers = request.headers();
    String id = headers.get("webhook-id");
    String timestamp = headers.get("webhook-timestamp");
    String signature = headers.get("webhook-signature");
    if (id == null || timestamp == null || signature == null) {
      throw fail(Verification.STANDARD, "headers webhook-id, webhook-timestamp and webhook-signature are required");
    }
    if (id.isEmpty() || id.length() > MAX_WEBHOOK_ID) {
      throw fail(Verification.STANDARD, "header webhook-id must be 1 to " + MAX_WEBHOOK_ID + " characters");
    }
    long sentAt = timestamp(Verification.STANDARD, "webhook-timestamp", timestamp, now, toleranceMs);
    boolean valid = false;
    for (String secret : secrets) {
      valid |= Signatures.verifyStandard(Signatures.standardKey(secret), id, timestamp, request.body(), signature);
    }
    if (!valid) {
      throw fail(Verification.STANDARD, "no valid signature in header webhook-signature");
    }
    return new Verified(id, id, Math.max(now, sentAt) + toleranceMs, null);
  }

  private static Verified github(List<String> secrets, Request request, long now, long toleranceMs) {
    String signature = request.headers().get("X-Hub-Signature-256");
    if (signature == null) {
      throw fail(Verification.GITHUB, "header X-Hub-Signature-256 is missing");
    }
    boolean valid = false;
    for (String secret : secrets) {
      valid |= Signatures.verifyGithub(secret, request.body(), signature);
    }
    if (!valid) {
      throw fail(Verification.GITHUB, "X-Hub-Signature-256 does not match the body");
    }
    String delivery = request.headers().get("X-GitHub-Delivery");
    if (delivery == null || delivery.isEmpty() || delivery.length() > MAX_WEBHOOK_ID) {
      throw HubException.badRequest("header X-GitHub-Delivery is required, 1 to " + MAX_WEBHOOK_ID
          + " characters: GitHub sends it with every delivery");
    }
    // The delivery id is not signed, so the guard is keyed on what is: the body.
    return bodyGuarded(delivery, request.body(), now, toleranceMs,
        "signed body (GitHub signs only the body: a replay under another X-GitHub-Delivery is still a replay)");
  }

  // Stripe-Signature: t=<seconds>,v1=<hex>[,v1=<hex>...]: hex HMAC-SHA256 of "t.body" keyed by the secret as given.
  private static Verified stripe(List<String> secrets, Request request, long now, long toleranceMs) {
    String header = required(Verification.STRIPE, request, "Stripe-Signature");
    String t = null;
    List<String> v1 = new ArrayList<>();
    for (String part : header.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equals("t")) {
        t = pair[1];
      } else if (pair.length == 2 && pair[0].equals("v1")) {
        v1.add(pair[1].toLowerCase(Locale.ROOT));
      }
    }
    if (t == null || v1.isEmpty()) {
      throw fail(Verification.STRIPE, "header Stripe-Signature must hold t=<seconds> and at least one v1=<hex>");
    }
    long sentAt = timestamp(Verification.STRIPE, "Stripe-Signature's t", t, now, toleranceMs);
    byte[] prefix = (t + ".").getBytes(StandardCharsets.UTF_8);
    boolean valid = false;
    for (String secret : secrets) {
      String expected = HEX.formatHex(Signatures.hmac("HmacSHA256", utf8(secret), prefix, request.body()));
      for (String candidate : v1) {
        // Every pair is compared, so the time taken does not tell which one matched.
        valid |= Signatures.same(expected, candidate);
      }
    }
    if (!valid) {
      throw fail(Verification.STRIPE, "no v1 signature in header Stripe-Signature matches t and the body");
    }
    return new Verified(jsonId(request.body(), "id"), key(Verification.STRIPE, prefix, request.body()),
        Math.max(now, sentAt) + toleranceMs, "signed timestamp and body");
  }

  // X-Slack-Signature: v0=<hex> of "v0:<X-Slack-Request-Timestamp>:body".
  private static Verified slack(List<String> secrets, Request request, long now, long toleranceMs) {
    String timestamp = required(Verification.SLACK, request, "X-Slack-Request-Timestamp");
    String signature = required(Verification.SLACK, request, "X-Slack-Signature").trim().toLowerCase(Locale.ROOT);
    long sentAt = timestamp(Verification.SLACK, "X-Slack-Request-Timestamp", timestamp, now, toleranceMs);
    byte[] prefix = ("v0:" + timestamp + ":").getBytes(StandardCharsets.UTF_8);
    boolean valid = false;
    for (String secret : secrets) {
      valid |= Signatures.same("v0=" + HEX.formatHex(Signatures.hmac("HmacSHA256", utf8(secret), prefix,
          request.body())), signature);
    }
    if (!valid) {
      throw fail(Verification.SLACK, "X-Slack-Signature does not match the timestamp and the body");
    }
    return new Verified(jsonId(request.body(), "event_id"), key(Verification.SLACK, prefix, request.body()),
        Math.max(now, sentAt) + toleranceMs, "signed timestamp and body");
  }

  // X-Shopify-Hmac-Sha256: base64 HMAC-SHA256 of the body.
  private static Verified shopify(List<String> secrets, Request request, long now, long toleranceMs) {
    String signature = required(Verification.SHOPIFY, request, "X-Shopify-Hmac-Sha256").trim();
    boolean valid = false;
    for (String secret : secrets) {
      valid |= Signatures.same(Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA256", utf8(secret),
          request.body())), signature);
    }
    if (!valid) {
      throw fail(Verification.SHOPIFY, "X-Shopify-Hmac-Sha256 does not match the body");
    }
    return bodyGuarded(optionalId(request, "X-Shopify-Webhook-Id"), request.body(), now, toleranceMs,
        "signed body (Shopify signs only the body)");
  }

  // X-Gitlab-Token: the secret itself, compared in constant time. Nothing is signed.
  private static Verified gitlab(List<String> secrets, Request request, long now, long toleranceMs) {
    String token = required(Verification.GITLAB, request, "X-Gitlab-Token");
    boolean valid = false;
    for (String secret : secrets) {
      valid |= Signatures.same(secret, token);
    }
    if (!valid) {
      throw fail(Verification.GITLAB, "X-Gitlab-Token is not the endpoint's secret token");
    }
    return bodyGuarded(optionalId(request, "X-Gitlab-Event-UUID"), request.body(), now, toleranceMs,
        "body (GitLab signs nothing: its token is the same on every request)");
  }

  private static Verified hmac(HmacScheme scheme, List<String> secrets, Request request, long now, long toleranceMs) {
    String header = required(Verification.HMAC, request, scheme.header()).trim();
    if (!header.startsWith(scheme.prefix())) {
      throw fail(Verification.HMAC, "header " + scheme.header() + " must start with '" + scheme.prefix() + "'");
    }
    String given = header.substring(scheme.prefix().length());
    byte[] prefix = new byte[0];
    long tolerance = scheme.toleranceSeconds() > 0 ? scheme.toleranceSeconds() * 1000 : toleranceMs;
    long sentAt = now;
    if (scheme.timestampHeader() != null) {
      String timestamp = required(Verification.HMAC, request, scheme.timestampHeader());
      sentAt = timestamp(Verification.HMAC, scheme.timestampHeader(), timestamp, now, tolerance);
      prefix = (timestamp + ".").getBytes(StandardCharsets.UTF_8);
    }
    if (!scheme.base64()) {
      given = given.toLowerCase(Locale.ROOT);
    }
    boolean valid = false;
    for (String secret : secrets) {
      byte[] mac = Signatures.hmac(scheme.algorithm(), utf8(secret), prefix, request.body());
      valid |= Signatures.same(scheme.base64() ? Base64.getEncoder().encodeToString(mac) : HEX.formatHex(mac), given);
    }
    if (!valid) {
      throw fail(Verification.HMAC, "header " + scheme.header() + " does not match the "
          + (scheme.timestampHeader() == null ? "body" : "timestamp and the body"));
    }
    return new Verified(null, key(Verification.HMAC, prefix, request.body()), Math.max(now, sentAt) + tolerance,
        scheme.timestampHeader() == null ? "signed body" : "signed timestamp and body");
  }

  /** The replay guard of a scheme that signs no timestamp: the body's hash, remembered for the tolerance. */
  private static Verified bodyGuarded(String webhookId, byte[] body, long now, long toleranceMs, String what) {
    return new Verified(webhookId, "sha256:" + Signatures.sha256Hex(body), now + toleranceMs, what);
  }

  /** A replay key: the scheme and the SHA-256 of the signed content. */
  static String key(Verification scheme, byte[] prefix, byte[] body) {
    byte[] content = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, content, 0, prefix.length);
    System.arraycopy(body, 0, content, prefix.length, body.length);
    return scheme.wireName + ":" + Signatures.sha256Hex(content);
  }

  /** The time of a signed timestamp in Unix seconds, in milliseconds, once it is within the tolerance of now. */
  static long timestamp(Verification scheme, String name, String value, long now, long toleranceMs) {
    if (!SECONDS.matcher(value.trim()).matches()) {
      throw fail(scheme, "header " + name + " must be seconds since the epoch");
    }
    long sentAt = Long.parseLong(value.trim()) * 1000;
    if (Math.abs(now - sentAt) > toleranceMs) {
      throw fail(scheme, "header " + name + " is more than " + toleranceMs / 1000
          + "s away from now: a stale or replayed request");
    }
    return sentAt;
  }

  static String required(Verification scheme, Request request, String header) {
    String value = request.headers().get(header);
    if (value == null || value.isEmpty()) {
      throw fail(scheme, "header " + header + " is missing");
    }
    return value;
  }

  static HubException fail(Verification scheme, String message) {
    return HubException.unauthorized(scheme.wireName + " verification failed: " + message);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String optionalId(Request request, String header) {
    String value = request.headers().get(header);
    return value == null || value.isEmpty() || value.length() > MAX_WEBHOOK_ID ? null : value;
  }

  // An id inside a signed JSON body (Stripe's event id): informative only, the guard does not use it.
  private static String jsonId(byte[] body, String field) {
    try {
      Object id = new JsonObject(Buffer.buffer(body)).getValue(field);
      return id instanceof String s && !s.isEmpty() && s.length() <= MAX_WEBHOOK_ID ? s : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Twilio's scheme: base64 HMAC-SHA1 of the URL Twilio called, then its form parameters sorted by name. */
  static final class Twilio {
    private Twilio() {}

    static Verified verify(String publicUrl, List<String> secrets, Request request, long now, long toleranceMs) {
      String signature = required(Verification.TWILIO, request, "X-Twilio-Signature").trim();
      String url = signedUrl(publicUrl, request.url());
      String query = url.indexOf('?') < 0 ? null : url.substring(url.indexOf('?') + 1);
      String bodyHash = query == null ? null : first(form(query), "bodySHA256");
      StringBuilder data = new StringBuilder(url);
      if (bodyHash != null) {
        // A JSON body: the URL carries the body's hash, and the signature covers the URL only.
        if (!Signatures.same(Signatures.sha256Hex(request.body()), bodyHash.toLowerCase(Locale.ROOT))) {
          throw fail(Verification.TWILIO, "the body's SHA-256 is not the bodySHA256 of the signed URL");
        }
      } else if (isForm(request.headers().get("Content-Type"))) {
        List<Map.Entry<String, String>> params = form(new String(request.body(), StandardCharsets.UTF_8));
        params.sort(Map.Entry.<String, String>comparingByKey().thenComparing(Map.Entry.comparingByValue()));
        params.forEach(p -> data.append(p.getKey()).append(p.getValue()));
      }
      byte[] content = utf8(data.toString());
      boolean valid = false;
      for (String secret : secrets) {
        valid |= Signatures.same(Base64.getEncoder().encodeToString(Signatures.hmac("HmacSHA1", utf8(secret), content)),
            signature);
      }
      if (!valid) {
        throw fail(Verification.TWILIO, "X-Twilio-Signature does not match the URL and the parameters (is the "
            + "endpoint's 'url' the URL Twilio calls?)");
      }
      return new Verified(optionalId(request, "I-Twilio-Idempotency-Token"),
          key(Verification.TWILIO, content, new byte[0]), now + toleranceMs, "signed URL and parameters");
    }

    /** The URL as Twilio called it: the endpoint's public URL (when set; behind a proxy) and the request's query. */
    static String signedUrl(String publicUrl, String requestUrl) {
      if (publicUrl == null) {
        return requestUrl;
      }
      int q = requestUrl.indexOf('?');
      return q < 0 ? publicUrl : publicUrl + requestUrl.substring(q);
    }

    private static boolean isForm(String contentType) {
      return contentType != null && contentType.split(";", 2)[0].trim().equalsIgnoreCase(
          "application/x-www-form-urlencoded");
    }

    private static List<Map.Entry<String, String>> form(String encoded) {
      List<Map.Entry<String, String>> params = new ArrayList<>();
      try {
        for (String pair : encoded.split("&")) {
          if (!pair.isEmpty()) {
            String[] kv = pair.split("=", 2);
            params.add(Map.entry(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
          }
        }
      } catch (IllegalArgumentException e) {
        throw fail(Verification.TWILIO, "the parameters are not valid form encoding: " + e.getMessage());
      }
      return params;
    }

    private static String first(List<Map.Entry<String, String>> params, String name) {
      return params.stream().filter(p -> p.getKey().equals(name)).map(Map.Entry::getValue).findFirst().orElse(null);
    }
  }
}
