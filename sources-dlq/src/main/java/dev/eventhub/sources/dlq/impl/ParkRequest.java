package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.ErrorCode;
import dev.eventhub.api.Glob;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** Checks a park request, from the event bus or from HTTP, and turns it into a new entry's document. */
final class ParkRequest {
  static final int MAX_REASON = 4096;
  static final int MAX_ADDRESS = 256;
  static final int MAX_TARGET = 2048;

  private ParkRequest() {}

  /**
   * The entry, without its id, parked at {@code now}.
   *
   * @param client the client that parks it over HTTP, or null for a plugin on the event bus: a
   *     client's origin address must be one the operator allows, and its category one it may publish to
   * @throws HubException {@code bad_request} naming the field at fault, {@code too_large} over the size
   *     limit, {@code forbidden} for a category the client may not publish to
   */
  static JsonObject parse(Object body, HubPrincipal client, DlqSettings settings, Instant now) {
    if (!(body instanceof JsonObject json)) {
      throw HubException.badRequest("the body must be a JSON object");
    }
    boolean overHttp = client != null;
    JsonObject origin = origin(json, overHttp, settings);
    String category = Fields.string(json, "category", "category", false, EventDraft.MAX_NAME_LENGTH);
    if (category != null && !EventDraft.isValidName(category)) {
      throw HubException.badRequest("field 'category' must match [a-z0-9-]+, got '" + category + "'");
    }
    if (category != null && overHttp && !client.canPublish(category)) {
      // Readers of the category will see the entry: parking one is writing to them.
      throw HubException.forbidden("token does not allow publish:" + category
          + ", which parking an entry of that category needs");
    }
    String reason = Fields.string(json, "reason", "reason", true, MAX_REASON);
    if (json.getValue("payload") == null) {
      throw HubException.badRequest("field 'payload' is required (any JSON value but null)");
    }
    int attempts = Fields.integer(json, "attempts", 1, 1, 1_000_000_000);
    Instant first = Fields.instant(json, "firstFailureAt", now);
    Instant last = Fields.instant(json, "lastFailureAt", first.isAfter(now) ? first : now);
    if (last.isBefore(first)) {
      throw HubException.badRequest("field 'lastFailureAt' must not be before 'firstFailureAt'");
    }
    JsonObject entry = new JsonObject()
        .put("state", Entries.PARKED)
        .put("category", category)
        .put("origin", origin)
        .put("reason", reason)
        .put("payload", json.getValue("payload"))
        .put("attempts", attempts)
        .put("firstFailureAt", Fields.time(first))
        .put("lastFailureAt", Fields.time(last))
        .put("parkedAt", Fields.time(now))
        .put("parkedVia", overHttp ? "http" : "event-bus");
    int size = entry.toBuffer().length();
    if (size > settings.maxEntryBytes()) {
      throw new HubException(ErrorCode.TOO_LARGE, "the entry is " + size + " bytes of JSON, at most "
          + settings.maxEntryBytes() + " are accepted (setting plugins.dlq.maxEntryBytes)");
    }
    return entry;
  }

  private static JsonObject origin(JsonObject json, boolean overHttp, DlqSettings settings) {
    JsonObject origin = Fields.object(json, "origin", "origin", true);
    String plugin = Fields.string(origin, "plugin", "origin.plugin", true, EventDraft.MAX_NAME_LENGTH);
    if (!EventDraft.isValidName(plugin)) {
      throw HubException.badRequest("field 'origin.plugin' must match [a-z0-9-]+, got '" + plugin + "'");
    }
    String address = Fields.string(origin, "address", "origin.address", false, MAX_ADDRESS);
    String target = Fields.string(origin, "target", "origin.target", false, MAX_TARGET);
    if (address != null && overHttp && settings.httpOriginAddresses().stream().noneMatch(g -> Glob.matches(g, address))) {
      throw HubException.badRequest("field 'origin.address': entries parked over HTTP may only name an address "
          + "that setting plugins.dlq.httpOriginAddresses allows, and '" + address + "' is not one");
    }
    return new JsonObject().put("plugin", plugin).put("address", address).put("target", target);
  }
}
