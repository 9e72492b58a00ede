package dev.eventhub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link EventDraft}s from the protocol's JSON: the body of {@code POST /api/events} and the
 * {@code events} of a WebSocket {@code publish} frame, so that both read a draft the same way.
 *
 * <p>Each event object is read by {@link EventDraft#fromJson(JsonObject)}: this class adds batches and
 * the position of a bad event in a batch. Reading checks the JSON shape only; {@link
 * EventDraft#validate()} (which {@link EventPublisher} runs) checks the values.
 */
public final class EventDrafts {
  private EventDrafts() {}

  /**
   * One event object, or an array of them (a batch).
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming what is wrong: the body's shape, or an
   *     event (by its index in a batch) and its field
   */
  public static List<EventDraft> fromJson(Object body) {
    if (body instanceof JsonObject object) {
      return List.of(fromJson(object, ""));
    }
    if (body instanceof JsonArray array) {
      if (array.isEmpty()) {
        throw HubException.badRequest("the batch is empty");
      }
      return fromArray(array);
    }
    throw HubException.badRequest("the body must be an event object or an array of them");
  }

  /**
   * A non-empty array of event objects, in order.
   *
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming the first event (by index) that is wrong and its field
   */
  public static List<EventDraft> fromArray(JsonArray array) {
    List<EventDraft> drafts = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      if (!(array.getValue(i) instanceof JsonObject object)) {
        throw HubException.badRequest("event " + i + " must be a JSON object");
      }
      drafts.add(fromJson(object, "event " + i + ": "));
    }
    return drafts;
  }

  /**
   * One event object.
   *
   * @param where put before each error message, e.g. {@code "event 3: "}; may be empty
   * @throws HubException {@link ErrorCode#BAD_REQUEST} naming the field that is wrong
   */
  public static EventDraft fromJson(JsonObject json, String where) {
    try {
      return EventDraft.fromJson(json);
    } catch (HubException e) {
      throw where.isEmpty() ? e : new HubException(e.code(), where + e.getMessage());
    }
  }
}
