package dev.eventhub.kit.http;

import dev.eventhub.api.HubException;
import dev.eventhub.api.JsonErrors;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * The body of a request as JSON, read by a {@code BodyHandler} before (see {@link Http#start}); what
 * is not acceptable fails with a {@code bad_request} ({@link HubException}) saying why, which {@link
 * Http#answer} turns into the error body. Without a body handler on the route, the body is empty.
 */
public final class Bodies {
  private static final String NOT_AN_OBJECT = "the body must be a JSON object";

  private Bodies() {}

  /**
   * The body as a JSON value: a {@code JsonObject}, a {@code JsonArray}, a string, a number, a
   * boolean, or {@code null} when the body is empty or blank (or the JSON {@code null}).
   *
   * @throws HubException {@code bad_request} when the body is not JSON
   */
  public static Object json(RoutingContext ctx) {
    return decode(ctx, "the body is not JSON: ");
  }

  /**
   * The body as a JSON object, which it must be.
   *
   * @throws HubException {@code bad_request} when the body is empty, not JSON, or not an object
   */
  public static JsonObject object(RoutingContext ctx) {
    if (!(decode(ctx, NOT_AN_OBJECT + ", and is not JSON: ") instanceof JsonObject o)) {
      throw HubException.badRequest(NOT_AN_OBJECT);
    }
    return o;
  }

  /**
   * The body as a JSON object; an empty (or blank) body is an empty object.
   *
   * @throws HubException {@code bad_request} when the body is not JSON, or not an object
   */
  public static JsonObject optionalObject(RoutingContext ctx) {
    Object body = decode(ctx, NOT_AN_OBJECT + ", and is not JSON: ");
    if (body == null) {
      return new JsonObject();
    }
    if (!(body instanceof JsonObject o)) {
      throw HubException.badRequest(NOT_AN_OBJECT);
    }
    return o;
  }

  private static Object decode(RoutingContext ctx, String notJson) {
    String text = ctx.body() == null ? null : ctx.body().asString();
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Json.decodeValue(text);
    } catch (DecodeException e) {
      throw HubException.badRequest(notJson + JsonErrors.describe(e));
    }
  }
}
