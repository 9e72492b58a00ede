package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;

/** Publishes one event through the hub, as {@code POST /api/events} would. */
record PublishAction(String category, String event, String key, JsonObject data) implements Action {
  static PublishAction parse(JsonObject json) {
    String category = name(json, "category");
    String event = name(json, "event");
    String key = Fields.string(json, "key", "action.key", false, EventDraft.MAX_KEY_LENGTH);
    JsonObject data = Fields.object(json, "data", "action.data", false);
    return new PublishAction(category, event, key, data == null ? new JsonObject() : data.copy());
  }

  private static String name(JsonObject json, String field) {
    String value = Fields.string(json, field, "action." + field, true, EventDraft.MAX_NAME_LENGTH);
    if (!EventDraft.isValidName(value)) {
      throw HubException.badRequest("field 'action." + field + "' must match [a-z0-9-]+, got '" + value + "'");
    }
    return value;
  }

  @Override
  public String type() {
    return "publish";
  }

  /** The event, with an id derived from the execution so that a repeat is recorded once. */
  EventDraft draft(String executionId) {
    return new EventDraft("scheduler-" + executionId, category, event, key, data);
  }

  /** {@link #draft(String)} with the schedule and the execution as attributes (issue 20). */
  EventDraft draft(String schedule, String executionId) {
    return draft(executionId).withOptionalAttribute("schedule_id", schedule)
        .withOptionalAttribute("execution_id", executionId);
  }

  @Override
  public JsonObject toJson() {
    return new JsonObject().put("type", "publish").put("category", category).put("event", event).put("key", key)
        .put("data", data.copy());
  }
}
