package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.kit.http.Fields;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * What a client defines: a schedule's name, trigger, action, misfire policy and state.
 *
 * @param paused whether the schedule is paused (state {@code paused}) rather than active
 */
record Schedule(String name, Trigger trigger, Action action, String misfire, boolean paused) {
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  static final String ACTIVE = "active";
  static final String PAUSED = "paused";

  /**
   * Reads a definition.
   *
   * @param pathName the name from the URL of an update ({@code null} for a create, which names it in the body)
   * @param minInterval the shortest interval accepted; null for a stored schedule, loaded as it was accepted
   * @param defaultMisfire the policy when the body names none
   * @throws HubException {@code bad_request} naming the field at fault
   */
  static Schedule parse(Object body, String pathName, Duration minInterval, String defaultMisfire) {
    if (!(body instanceof JsonObject json)) {
      throw HubException.badRequest(body == null ? "a schedule is required as a JSON object body"
          : "the body must be a JSON object");
    }
    String name = json.getValue("name") == null && pathName != null ? pathName
        : Fields.string(json, "name", "name", true, 128);
    checkName(name, "field 'name'");
    if (pathName != null && !pathName.equals(name)) {
      throw HubException.badRequest("field 'name' is '" + name + "' but the path names '" + pathName
          + "': a schedule cannot be renamed");
    }
    Trigger trigger = Trigger.parse(json.getValue("trigger"), minInterval);
    Action action = Action.parse(json.getValue("action"));
    String misfire = json.getValue("misfire") == null ? defaultMisfire
        : Fields.string(json, "misfire", "misfire", true, 32);
    if (!Misfire.isPolicy(misfire)) {
      throw HubException.badRequest("field 'misfire' must be fire-once or skip, got '" + misfire + "'");
    }
    String state = json.getValue("state") == null ? ACTIVE : Fields.string(json, "state", "state", true, 32);
    if (!ACTIVE.equals(state) && !PAUSED.equals(state)) {
      throw HubException.badRequest("field 'state' must be active or paused, got '" + state + "'");
    }
    return new Schedule(name, trigger, action, misfire, PAUSED.equals(state));
  }

  static void checkName(String name, String what) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw HubException.badRequest(what + " must be 1 to 128 letters, digits, '.', '_' or '-', starting with a "
          + "letter or digit, got '" + name + "'");
    }
  }

  String state() {
    return paused ? PAUSED : ACTIVE;
  }

  Schedule withPaused(boolean p) {
    return new Schedule(name, trigger, action, misfire, p);
  }

  /** What answers and events show: the action's credentials masked. */
  JsonObject toJson() {
    return json(action.toJson());
  }

  /** What storage keeps. */
  JsonObject toStored() {
    return json(action.toStored());
  }

  private JsonObject json(JsonObject actionJson) {
    return new JsonObject().put("name", name).put("trigger", trigger.toJson()).put("action", actionJson)
        .put("misfire", misfire).put("state", state());
  }
}
