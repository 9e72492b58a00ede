package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;

/** What a schedule does when it fires: publish an event, or call an HTTP endpoint. */
sealed interface Action permits PublishAction, HttpAction {
  /** {@code publish} or {@code http}. */
  String type();

  /** What answers, events and dead letters show: credentials masked. */
  JsonObject toJson();

  /** What storage keeps: everything the call needs, credentials included. */
  default JsonObject toStored() {
    return toJson();
  }

  /**
   * Reads {@code {"type":"publish",...}} or {@code {"type":"http",...}}.
   *
   * @throws HubException {@code bad_request} naming the field at fault
   */
  static Action parse(Object value) {
    if (!(value instanceof JsonObject json)) {
      throw HubException.badRequest(value == null ? "field 'action' is required" : "field 'action' must be a JSON object");
    }
    String type = Fields.string(json, "type", "action.type", true, 32);
    return switch (type) {
      case "publish" -> PublishAction.parse(json);
      case "http" -> HttpAction.parse(json);
      default -> throw HubException.badRequest("field 'action.type' must be publish or http, got '" + type + "'");
    };
  }
}
