package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.auth.Redact;
import dev.eventhub.kit.config.Durations;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Calls an HTTP endpoint. Timeout, attempts and backoff fall back to the plugin's {@code http}
 * settings when the action names none ({@code null} here).
 */
record HttpAction(String method, String url, JsonObject headers, Object body, Duration timeout, Integer attempts,
    Duration backoff) implements Action {
  static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  static final int MAX_URL = 2048;
  static final int MAX_HEADERS = 50;
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");

  static HttpAction parse(JsonObject json) {
    String method = json.getValue("method") == null ? "POST"
        : Fields.string(json, "method", "action.method", true, 16);
    if (!METHODS.contains(method)) {
      throw HubException.badRequest("field 'action.method' must be one of " + METHODS + ", got '" + method + "'");
    }
    String url = Fields.string(json, "url", "action.url", true, MAX_URL);
    checkUrl(url);
    if (url.contains("://" + Redact.MASK + "@")) {
      throw HubException.badRequest("field 'action.url' holds the mask '" + Redact.MASK + "' that answers show in "
          + "place of credentials: send the real user information");
    }
    JsonObject headers = headers(Fields.object(json, "headers", "action.headers", false));
    Object body = json.getValue("body");
    if (body != null && !(body instanceof String || body instanceof JsonObject || body instanceof JsonArray)) {
      throw HubException.badRequest("field 'action.body' must be a string, a JSON object or a JSON array");
    }
    Duration timeout = null;
    if (json.getValue("timeout") != null) {
      timeout = Durations.parse(json.getValue("timeout"));
      if (timeout == null || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(10)) > 0) {
        throw HubException.badRequest("field 'action.timeout' must be a duration from 1ms to 10m, got '"
            + json.getValue("timeout") + "'");
      }
    }
    JsonObject retry = Fields.object(json, "retry", "action.retry", false);
    Integer attempts = null;
    Duration backoff = null;
    if (retry != null) {
      attempts = retry.getValue("attempts") == null ? null
          : Fields.integer(retry, "attempts", "action.retry.attempts", 1, 1, 100);
      if (retry.getValue("backoff") != null) {
        backoff = Durations.parse(retry.getValue("backoff"));
        if (backoff == null || backoff.compareTo(Duration.ofHours(1)) > 0) {
          throw HubException.badRequest("field 'action.retry.backoff' must be a duration from 0ms to 1h, got '"
              + retry.getValue("backoff") + "'");
        }
      }
    }
    return new HttpAction(method, url, headers, body, timeout, attempts, backoff);
  }

  private static void checkUrl(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null) {
        return;
      }
    } catch (URISyntaxException e) {
      // Reported below.
    }
    throw HubException.badRequest("field 'action.url' must be an absolute http or https URL, got '" + Redact.url(url)
        + "'");
  }

  private static JsonObject headers(JsonObject headers) {
    if (headers == null) {
      return new JsonObject();
    }
    if (headers.size() > MAX_HEADERS) {
      throw HubException.badRequest("field 'action.headers' holds at most " + MAX_HEADERS + " headers");
    }
    for (Map.Entry<String, Object> h : headers) {
      if (!TOKEN.matcher(h.getKey()).matches()) {
        throw HubException.badRequest("field 'action.headers': '" + h.getKey() + "' is not a valid header name");
      }
      if (!(h.getValue() instanceof String v) || v.length() > 8192 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
        throw HubException.badRequest("field 'action.headers': the value of '" + h.getKey()
            + "' must be a string of at most 8192 characters without line breaks");
      }
      if (Redact.MASK.equals(v)) {
        throw HubException.badRequest("field 'action.headers': the value of '" + h.getKey() + "' is the mask '"
            + Redact.MASK + "' that answers show in place of header values: send the real value");
      }
    }
    return headers.copy();
  }

  @Override
  public String type() {
    return "http";
  }

  /** The URL as it may be shown: user information and secret-looking query values masked. */
  String shownUrl() {
    return Redact.url(url);
  }

  @Override
  public JsonObject toJson() {
    return json(shownUrl(), Redact.headers(headers));
  }

  @Override
  public JsonObject toStored() {
    return json(url, headers.copy());
  }

  private JsonObject json(String url, JsonObject headers) {
    JsonObject json = new JsonObject().put("type", "http").put("method", method).put("url", url)
        .put("headers", headers);
    if (body != null) {
      json.put("body", body instanceof JsonObject o ? o.copy() : body instanceof JsonArray a ? a.copy() : body);
    }
    if (timeout != null) {
      json.put("timeout", timeout.toMillis() + "ms");
    }
    if (attempts != null || backoff != null) {
      JsonObject retry = new JsonObject();
      if (attempts != null) {
        retry.put("attempts", attempts);
      }
      if (backoff != null) {
        retry.put("backoff", backoff.toMillis() + "ms");
      }
      json.put("retry", retry);
    }
    return json;
  }
}
