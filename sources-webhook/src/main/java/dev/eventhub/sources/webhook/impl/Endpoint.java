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
 * @param secret the Standard Webhooks {@code whsec_} secret or the GitHub secret; null for {@code none}
 * @param allowedHeaders lower-case header names or globs whose headers the event keeps
 * @param fromConfig whether the configuration defines it (it cannot be deleted over the API then)
 * @param createdAt when it was created over the API; null for configured ones
 */
record Endpoint(String id, Verification verification, String secret, List<String> allowedHeaders,
    String description, boolean fromConfig, String createdAt) {
  static final int MAX_HEADERS = 50;
  private static final Pattern HEADER = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,128}");

  /** The verification schemes, with their wire names. */
  enum Verification {
    STANDARD("standard-webhooks", List.of()),
    GITHUB("github", List.of("x-github-event", "x-github-delivery", "x-github-hook-id")),
    NONE("none", List.of());

    final String wireName;
    final List<String> defaultHeaders;

    Verification(String wireName, List<String> defaultHeaders) {
      this.wireName = wireName;
      this.defaultHeaders = defaultHeaders;
    }

    static Verification of(String name) {
      for (Verification v : values()) {
        if (v.wireName.equals(name)) {
          return v;
        }
      }
      throw HubException.badRequest("field 'verification' must be standard-webhooks, github or none, got '"
          + name + "'");
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
      case GITHUB -> {
        if (secret == null) {
          throw HubException.badRequest("field 'secret' is required for github verification: the secret set on "
              + "the GitHub webhook");
        }
      }
      case NONE -> {
        if (secret != null) {
          throw HubException.badRequest("field 'secret' makes no sense with verification none");
        }
      }
    }
    List<String> headers = Fields.strings(json, "allowedHeaders", false, MAX_HEADERS, HEADER);
    headers = headers == null ? verification.defaultHeaders
        : headers.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    return new Endpoint(id, verification, secret, headers, Fields.string(json, "description", false, 1024),
        fromConfig, fromConfig ? null : Fields.time(now));
  }

  /** Reads an endpoint as {@link #toStored()} wrote it. */
  static Endpoint fromStored(JsonObject json) {
    return new Endpoint(json.getString("id"), Verification.of(json.getString("verification")),
        json.getString("secret"), json.getJsonArray("allowedHeaders").stream().map(String::valueOf).toList(),
        json.getString("description"), false, json.getString("createdAt"));
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
    if (withSecret && secret != null) {
      json.put("secret", secret);
    }
    return json;
  }

  /** What storage keeps. */
  JsonObject toStored() {
    return toJson(true).put("secret", secret);
  }
}
