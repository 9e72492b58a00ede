package dev.eventhub.sources.webhook.impl;

import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/** Ids of endpoints and subscriptions: they appear in URLs and event keys. */
final class Ids {
  static final int MAX_LENGTH = 64;
  static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_LENGTH + "}");

  private Ids() {}

  /** The id in {@code field}; {@code null} when absent and not required. */
  static String read(JsonObject json, String field, boolean required) {
    return Fields.matching(json, field, required, MAX_LENGTH, PATTERN);
  }
}
