package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.Glob;
import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An inbound endpoint, {@code POST /hooks/<id>}: how its requests are verified and which of their
 * headers are kept in the recorded event.
 *
 * @param secret the Standard Webhooks {@code whsec_} secret, or the provider's secret (GitHub's, Stripe's
 *     endpoint secret, Slack's signing secret, Shopify's app secret, GitLab's token, Twilio's auth token,
 *     the {@code hmac} key); null for {@code none}
 * @param previousSecret the secret before the last rotation, still accepted until {@code previousUntil}; or null
 * @param previousUntil when the previous secret stops being accepted (epoch milliseconds); 0 without one
 * @param hmac how an {@code hmac} endpoint is signed; null for the other schemes
 * @param url Twilio: the public URL Twilio calls (the hub may sit behind a proxy); null to take the request's
 * @param allowedHeaders lower-case header names or globs whose headers the event keeps
 * @param fromConfig whether the configuration defines it (it cannot be deleted over the API then)
 * @param createdAt when it was created over the API; null for configured ones
 */
record Endpoint(String id, Verification verification, String secret, String previousSecret, long previousUntil,
    HmacScheme hmac, String url, List<String> allowedHeaders, String description, boolean fromConfig,
    String createdAt) {
  static final int MAX_HEADERS = 50;
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");
  private static final Pattern PUBLIC_URL = Pattern.compile("(?i)https?://[^\\s?#]+");

  /** The verification schemes, with their wire names. */
  enum Verification {
    STANDARD("standard-webhooks", List.of()),
    GITHUB("github", List.of("x-github-event", "x-github-delivery", "x-github-hook-id")),
    STRIPE("stripe", List.of()),
    SLACK("slack", List.of("x-slack-retry-num", "x-slack-retry-reason")),
    SHOPIFY("shopify", List.of("x-shopify-topic", "x-shopify-shop-domain", "x-shopify-webhook-id",
        "x-shopify-event-id", "x-shopify-triggered-at")),
    GITLAB("gitlab", List.of("x-gitlab-event", "x-gitlab-event-uuid", "x-gitlab-instance", "x-gitlab-webhook-uuid")),
    TWILIO("twilio", List.of("i-twilio-idempotency-token")),
    HMAC("hmac", List.of()),
    NONE("none", List.of());

    final String wireName;
    final List<String> defaultHeaders;

    Verification(String wireName, List<String> defaultHeaders) {
      this.wireName = wireName;
      this.defaultHeaders = defaultHeaders;
    }

    String secretName() {
      return switch (this) {
        case GITHUB -> "the secret set on the GitHub webhook";
        case STRIPE -> "the endpoint's signing secret, whsec_..., used as given";
        case SLACK -> "the app's signing secret";
        case SHOPIFY -> "the app's client secret or the webhook's key";
        case GITLAB -> "the webhook's secret token";
        case TWILIO -> "the account's auth token";
        default -> "the shared HMAC key";
      };
    }

    static Verification of(String name) {
      for (Verification v : values()) {
        if (v.wireName.equals(name)) {
          return v;
        }
      }
      throw HubException.badRequest("field 'verification' must be one of standard-webhooks, github, stripe, slack, "
          + "shopify, gitlab, twilio, hmac or none, got '" + name + "'");
    }
  }

  Endpoint {
    allowedHeaders = List.copyOf(allowedHeaders);
  }

  /**
   * Reads an endpoint as a client or the configuration writes it. A Standard Webhooks endpoint
   * without a secret gets a new one (not one from the configuration, which must name it).
   *
   * @throws HubException {@code bad_request} naming the field at fault
   */
  static Endpoint parse(JsonObject json, boolean fromConfig, long now) {
    String id = Ids.read(json, "id", true);
    Verification verification = Verification.of(Fields.string(json, "verification", true, 32));
    String secret = Fields.string(json, "secret", false, 1024);
    switch (verification) {
      case STANDARD -> {
        if (secret == null && !fromConfig) {
          secret = Signatures.newSecret();
        }
        Signatures.standardKey(secret);
      }
      case NONE -> {
        if (secret != null) {
          throw HubException.badRequest("field 'secret' makes no sense with verification none");
        }
      }
      default -> {
        if (secret == null) {
          throw HubException.badRequest("field 'secret' is required for " + verification.wireName
              + " verification: the secret the sender signs with (" + verification.secretName() + ")");
        }
      }
    }
    HmacScheme hmac = verification == Verification.HMAC ? HmacScheme.parse(Fields.object(json, "hmac", false)) : null;
    if (hmac == null && json.getValue("hmac") != null) {
      throw HubException.badRequest("field 'hmac' is only for verification hmac");
    }
    String url = Fields.string(json, "url", false, 2048);
    if (url != null && verification != Verification.TWILIO) {
      throw HubException.badRequest("field 'url' is only for verification twilio");
    }
    if (url != null && !PUBLIC_URL.matcher(url).matches()) {
      throw HubException.badRequest("field 'url' must be the absolute http(s) URL Twilio calls, without a query");
    }
    List<String> headers = Fields.strings(json, "allowedHeaders", false, MAX_HEADERS, HEADER);
    headers = headers == null ? verification.defaultHeaders
        : headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    return new Endpoint(id, verification, secret, null, 0, hmac, url, headers,
        Fields.string(json, "description", false, 1024), fromConfig, fromConfig ? null : Fields.time(now));
  }

  /** Reads an endpoint as {@link #toStored()} wrote it. */
  static Endpoint fromStored(JsonObject json) {
    JsonObject hmac = json.getJsonObject("hmac");
    return new Endpoint(json.getString("id"), Verification.of(json.getString("verification")),
        json.getString("secret"), json.getString("previousSecret"), previousUntil(json),
        hmac == null ? null : HmacScheme.parse(hmac), json.getString("url"),
        json.getJsonArray("allowedHeaders").stream().map(String::valueOf).toList(),
        json.getString("description"), false, json.getString("createdAt"));
  }

  private static long previousUntil(JsonObject stored) {
    // A null in storage means no previous secret, as an absent key does.
    Long until = stored.getLong("previousUntilMs");
    return until == null ? 0 : until;
  }

  /** The secrets a request may be signed with at {@code now}: the current one, and the previous one in its window. */
  List<String> secrets(long now) {
    if (secret == null) {
      return List.of();
    }
    return previousSecret != null && now < previousUntil ? List.of(secret, previousSecret) : List.of(secret);
  }

  /** This endpoint with a new secret; the current one stays accepted until {@code previousUntil}. */
  Endpoint rotated(String newSecret, long previousUntil) {
    return new Endpoint(id, verification, newSecret, previousUntil > 0 ? secret : null, previousUntil, hmac, url,
        allowedHeaders, description, fromConfig, createdAt);
  }

  /** Whether the recorded event keeps the header {@code name} (lower case). */
  boolean keeps(String name) {
    for (String pattern : allowedHeaders) {
      if (Glob.matches(pattern, name)) {
        return true;
      }
    }
    return false;
  }

  /** What the API shows: everything but the secret, unless {@code withSecret}. */
  JsonObject toJson(boolean withSecret) {
    JsonObject json = new JsonObject().put("id", id).put("verification", verification.wireName)
        .put("path", "/hooks/" + id).put("allowedHeaders", new JsonArray(allowedHeaders))
        .put("description", description).put("source", fromConfig ? "config" : "api").put("createdAt", createdAt);
    if (hmac != null) {
      json.put("hmac", hmac.toJson());
    }
    if (url != null) {
      json.put("url", url);
    }
    if (previousSecret != null) {
      json.put("previousSecretUntil", Fields.time(previousUntil));
    }
    if (withSecret && secret != null) {
      json.put("secret", secret);
    }
    return json;
  }

  /** What storage keeps. */
  JsonObject toStored() {
    return toJson(true).put("secret", secret).put("previousSecret", previousSecret)
        .put("previousUntilMs", previousSecret == null ? null : previousUntil);
  }
}
