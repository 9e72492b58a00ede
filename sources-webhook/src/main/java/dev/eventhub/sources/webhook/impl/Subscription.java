package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.AttributeFilter;
import dev.eventhub.api.EventFilter;
import dev.eventhub.api.HubEvent;
import dev.eventhub.api.HubException;
import dev.eventhub.api.cloudevents.CloudEvents;
import dev.eventhub.kit.auth.Grant;
import dev.eventhub.kit.auth.Redact;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.TargetBreakers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An outbound subscription: which events go to which URL, signed with which secret, with which extra
 * headers, on whose behalf.
 *
 * @param target {@code scheme://host:port} of the URL: what the circuit breaker and the connection pool are per
 * @param filter the categories, event globs, keys and attribute pairs (names to values or globs) it selects
 * @param owner who created (or last changed) it and what their token allowed: it delivers only events of
 *     categories those scopes may read
 * @param previousSecret the secret before the last rotation, still signed with until {@code previousUntil}; or null
 * @param previousUntil when the previous secret stops being used (epoch milliseconds); 0 without one
 * @param paused whether deliveries are held (the cursor stays where it is)
 * @param format how the body is written: {@value #HUB_FORMAT} (the hub's event) or {@value #CLOUDEVENTS_FORMAT}
 *     (a CloudEvent in structured mode)
 */
record Subscription(String id, String url, String target, EventFilter filter, String secret, JsonObject headers,
    String description, String createdAt, Grant owner, String previousSecret, long previousUntil, boolean paused,
    String format) {
  static final String HUB_FORMAT = "hub";
  static final String CLOUDEVENTS_FORMAT = "cloudevents";
  // What PATCH may change; the rest is fixed (id, createdAt) or has a route of its own (secret).
  private static final Set<String> PATCHABLE = Set.of("url", "categories", "events", "keys", "attributes", "headers",
      "description", "paused", "format");
  static final int MAX_URL = 2048;
  static final int MAX_HEADERS = 50;
  private static final Pattern NAME_GLOB = Pattern.compile("[a-z0-9*-]{1,64}");
  private static final Pattern KEY = Pattern.compile("(?s).{1,256}");
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  // Set by the plugin, or by HTTP itself: a subscription may not override them.
  private static final Set<String> RESERVED = Set.of("host", "content-length", "content-type", "transfer-encoding",
      "connection", "webhook-id", "webhook-timestamp", "webhook-signature", "x-hub-redelivery",
      "x-hub-original-cursor");
  private static final SecureRandom RANDOM = new SecureRandom();

  Subscription {
    headers = headers.copy();
    format = format == null ? HUB_FORMAT : format;
  }

  /**
   * Reads a subscription as a client writes it; one without an id or a secret gets new ones.
   *
   * @param owner the creator's grant, recorded with it
   * @throws HubException {@code bad_request} naming the field at fault
   */
  static Subscription parse(JsonObject json, long now, Grant owner) {
    String id = Ids.read(json, "id", false);
    if (id == null) {
      byte[] random = new byte[8];
      RANDOM.nextBytes(random);
      id = "sub-" + HexFormat.of().formatHex(random);
    }
    String url = Fields.string(json, "url", true, MAX_URL);
    String secret = Fields.string(json, "secret", false, 1024);
    if (secret == null) {
      secret = Signatures.newSecret();
    }
    Signatures.standardKey(secret);
    EventFilter filter = new EventFilter(Fields.strings(json, "categories", true, 20, NAME_GLOB),
        Fields.strings(json, "events", false, 50, NAME_GLOB), Fields.strings(json, "keys", false, 100, KEY),
        attributes(json));
    return new Subscription(id, url, target(url), filter, secret, headers(Fields.object(json, "headers", false)),
        Fields.string(json, "description", false, 1024), Fields.time(now), owner, null, 0, paused(json, false),
        format(json));
  }

  /**
   * This subscription with the fields of a PATCH body changed; an absent field keeps its value. The
   * caller becomes the owner: the changed subscription reads on its behalf.
   *
   * @throws HubException {@code bad_request} naming the field at fault
   */
  Subscription patched(JsonObject json, Grant caller) {
    for (String field : json.fieldNames()) {
      if (!PATCHABLE.contains(field)) {
        throw HubException.badRequest("field '" + field + "' cannot be changed by PATCH; it may change "
            + new java.util.TreeSet<>(PATCHABLE) + (field.equals("secret")
            ? " (a secret is rotated with POST /api/webhook/subscriptions/{id}/rotate-secret)" : ""));
      }
    }
    String newUrl = json.containsKey("url") ? Fields.string(json, "url", true, MAX_URL) : url;
    EventFilter newFilter = new EventFilter(
        json.containsKey("categories") ? Fields.strings(json, "categories", true, 20, NAME_GLOB) : filter.categories(),
        json.containsKey("events") ? Fields.strings(json, "events", false, 50, NAME_GLOB) : filter.events(),
        json.containsKey("keys") ? Fields.strings(json, "keys", false, 100, KEY) : filter.keys(),
        json.containsKey("attributes") ? attributes(json) : filter.attributes());
    JsonObject newHeaders = json.containsKey("headers") ? headers(Fields.object(json, "headers", false)) : headers;
    String newDescription = json.containsKey("description") ? Fields.string(json, "description", false, 1024)
        : description;
    return new Subscription(id, newUrl, target(newUrl), newFilter, secret, newHeaders, newDescription, createdAt,
        caller, previousSecret, previousUntil, paused(json, paused),
        json.containsKey("format") ? format(json) : format);
  }

  /** This subscription signing with {@code newSecret}, and with the current one too until {@code previousUntil}. */
  Subscription rotated(String newSecret, long previousUntil) {
    Signatures.standardKey(newSecret);
    return new Subscription(id, url, target, filter, newSecret, headers, description, createdAt, owner,
        previousUntil > System.currentTimeMillis() ? secret : null, previousUntil, paused, format);
  }

  /** The secrets to sign with at {@code now}: the current one, and the previous one in its overlap window. */
  List<String> secrets(long now) {
    return previousSecret != null && now < previousUntil ? List.of(secret, previousSecret) : List.of(secret);
  }

  /** Reads a subscription as {@link #toStored()} wrote it. */
  static Subscription fromStored(JsonObject json) {
    String url = json.getString("url");
    EventFilter filter = new EventFilter(strings(json.getJsonArray("categories")), strings(json.getJsonArray("events")),
        strings(json.getJsonArray("keys")), stringMap(json.getJsonObject("attributes")));
    return new Subscription(json.getString("id"), url, target(url), filter, json.getString("secret"),
        json.getJsonObject("headers", new JsonObject()), json.getString("description"), json.getString("createdAt"),
        Grant.fromJson(json.getValue("owner")), json.getString("previousSecret"),
        json.getValue("previousUntilMs") instanceof Number n ? n.longValue() : 0,
        Boolean.TRUE.equals(json.getValue("paused")), json.getString("format", HUB_FORMAT));
  }

  /** The body of a delivery of {@code event}, in the subscription's format. */
  String body(HubEvent event) {
    // Structured mode, not binary: the signature covers the body only, so every attribute stays signed.
    return CLOUDEVENTS_FORMAT.equals(format) ? CloudEvents.encode(event) : event.encode();
  }

  /** The Content-Type of {@link #body}. */
  String contentType() {
    return CLOUDEVENTS_FORMAT.equals(format) ? CloudEvents.STRUCTURED_TYPE : "application/json";
  }

  /** Whether the subscription is to be sent {@code event}. */
  boolean wants(HubEvent event) {
    return filter.matches(event) && !Events.excluded(event, this);
  }

  /**
   * What the API shows: header values and the URL's credentials masked, the signing secret only
   * when {@code withSecret} (the answer to its creation, which may have generated it).
   */
  JsonObject toJson(boolean withSecret) {
    JsonObject json = json(Redact.url(url), Redact.headers(headers));
    if (withSecret) {
      json.put("secret", secret);
    }
    return json;
  }

  /** What storage keeps: everything a delivery needs. */
  JsonObject toStored() {
    return json(url, headers.copy()).put("secret", secret).put("previousSecret", previousSecret)
        .put("previousUntilMs", previousSecret == null ? null : previousUntil);
  }

  private JsonObject json(String shownUrl, JsonObject shownHeaders) {
    return new JsonObject().put("id", id).put("url", shownUrl).put("target", target)
        .put("categories", new JsonArray(filter.categories())).put("events", new JsonArray(filter.events()))
        .put("keys", new JsonArray(filter.keys())).put("attributes", new JsonObject(new java.util.LinkedHashMap<>(
            filter.attributes()))).put("headers", shownHeaders).put("description", description)
        .put("createdAt", createdAt).put("owner", owner.recorded() ? owner.toJson() : null).put("format", format)
        .put("paused", paused).put("previousSecretUntil", previousSecret == null ? null : Fields.time(previousUntil));
  }

  // The same checks and limits as a WebSocket subscribe's "attributes" (absent or null: every event).
  private static Map<String, String> attributes(JsonObject json) {
    return AttributeFilter.fromJson("field 'attributes'", json.getValue("attributes")).pairs();
  }

  private static String format(JsonObject json) {
    String format = Fields.string(json, "format", false, 32);
    if (format != null && !format.equals(HUB_FORMAT) && !format.equals(CLOUDEVENTS_FORMAT)) {
      throw HubException.badRequest("field 'format' must be '" + HUB_FORMAT + "' (the hub's event, the default) or '"
          + CLOUDEVENTS_FORMAT + "' (a CloudEvent 1.0 in structured mode), got '" + format + "'");
    }
    return format;
  }

  private static boolean paused(JsonObject json, boolean fallback) {
    Object value = json.getValue("paused");
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw HubException.badRequest("field 'paused' must be true or false");
    }
    return b;
  }


  private static String target(String url) {
    try {
      return TargetBreakers.target(url);
    } catch (IllegalArgumentException e) {
      throw HubException.badRequest("field 'url' must be an absolute http or https URL, got '" + Redact.url(url) + "'");
    }
  }

  private static JsonObject headers(JsonObject headers) {
    if (headers == null) {
      return new JsonObject();
    }
    if (headers.size() > MAX_HEADERS) {
      throw HubException.badRequest("field 'headers' holds at most " + MAX_HEADERS + " headers");
    }
    for (Map.Entry<String, Object> h : headers) {
      if (!TOKEN.matcher(h.getKey()).matches() || RESERVED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        throw HubException.badRequest("field 'headers': '" + h.getKey() + "' is not a header a subscription may set"
            + " (not a valid name, or one of " + RESERVED + ")");
      }
      if (!(h.getValue() instanceof String v) || v.length() > 8192 || v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0) {
        throw HubException.badRequest("field 'headers': the value of '" + h.getKey()
            + "' must be a string of at most 8192 characters without line breaks");
      }
    }
    return headers;
  }

  private static List<String> strings(JsonArray array) {
    return array == null ? List.of() : array.stream().map(String::valueOf).toList();
  }

  // A subscription stored before attributes existed has none: it selects every event, as it did.
  private static Map<String, String> stringMap(JsonObject object) {
    Map<String, String> map = new java.util.TreeMap<>();
    if (object != null) {
      object.forEach(e -> map.put(e.getKey(), String.valueOf(e.getValue())));
    }
    return map;
  }
}
