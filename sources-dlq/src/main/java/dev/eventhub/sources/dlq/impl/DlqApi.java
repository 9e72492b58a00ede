package dev.eventhub.sources.dlq.impl;

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.Authenticator;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import io.vertx.core.Future;
import dev.eventhub.kit.config.Durations;
import dev.eventhub.kit.http.Bodies;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/** The routes under {@code /api/dlq}; see docs/sources/dlq.md. */
public final class DlqApi {
  public static final String PREFIX = "/api/dlq";
  static final int MAX_LIMIT = 1000;
  static final int DEFAULT_LIMIT = 100;
  private static final int MAX_NOTE = 4096;
  private static final int MAX_ID = 64;
  private static final Duration MAX_AGE = Duration.ofDays(36_500);

  private final DeadLetterQueue queue;
  private final Authenticator authenticator;
  private final Router router;

  public DlqApi(Vertx vertx, DeadLetterQueue queue, DlqSettings settings, Authenticator authenticator) {
    this.queue = queue;
    this.authenticator = authenticator;
    this.router = Router.router(vertx);
    // Room for the largest entry plus its JSON envelope; the queue checks the entry's own limit.
    long bodyLimit = settings.maxEntryBytes() + 64 * 1024L;
    Http.start(router, bodyLimit);
    router.post(PREFIX + "/entries").handler(this::park);
    router.get(PREFIX + "/entries").handler(this::list);
    router.get(PREFIX + "/entries/:id").handler(this::get);
    router.post(PREFIX + "/entries/:id/resolve").handler(this::resolve);
    router.post(PREFIX + "/entries/:id/resubmit").handler(this::resubmit);
    router.post(PREFIX + "/purge").handler(this::purge);
    router.get(PREFIX + "/counts").handler(ctx -> Http.answer(ctx, 200,
        c -> caller(c).compose(queue::counts), r -> r));
    Http.finish(router, bodyLimit);
  }

  /** The handler to mount at {@link #PREFIX}. */
  public Router router() {
    return router;
  }

  // The runtime checked the dlq scope the route needs; which entries the caller sees depends on its other scopes.
  private Future<HubPrincipal> caller(RoutingContext ctx) {
    return authenticator.authenticate(ctx.request());
  }

  private void park(RoutingContext ctx) {
    Http.answer(ctx, 201, c -> {
      Object body = Bodies.json(c);
      return caller(c).compose(p -> queue.park(body, p));
    }, entry -> entry);
  }

  private void get(RoutingContext ctx) {
    Http.answer(ctx, 200, c -> {
      String id = id(c);
      return caller(c).compose(p -> queue.get(id, p));
    }, entry -> entry);
  }

  private void list(RoutingContext ctx) {
    Http.answer(ctx, 200, c -> {
      DeadLetterQueue.Query query = query(c);
      return caller(c).compose(p -> queue.list(query, p));
    }, page -> new JsonObject()
        .put("entries", new JsonArray(page.entries())).put("next", page.next()).put("more", page.more()));
  }

  private void resolve(RoutingContext ctx) {
    Http.answer(ctx, 200, c -> {
      String id = id(c);
      JsonObject body = Bodies.optionalObject(c);
      String note = Fields.string(body, "note", "note", false, MAX_NOTE);
      return caller(c).compose(p -> queue.resolve(id, note, p));
    }, entry -> entry);
  }

  private void resubmit(RoutingContext ctx) {
    Http.answer(ctx, 200, c -> {
      String id = id(c);
      return caller(c).compose(p -> queue.resubmit(id, p));
    }, outcome -> outcome);
  }

  private void purge(RoutingContext ctx) {
    Http.answer(ctx, 200, c -> {
      JsonObject body = Bodies.optionalObject(c);
      String origin = Fields.string(body, "origin", "origin", false, EventDraft.MAX_NAME_LENGTH);
      Object olderThan = body.getValue("olderThan");
      Duration age = olderThan == null ? null : duration("field 'olderThan'", olderThan);
      return caller(c).compose(p -> queue.purge(origin, age, p));
    }, n -> new JsonObject().put("purged", n));
  }

  private static DeadLetterQueue.Query query(RoutingContext ctx) {
    String origin = param(ctx, "origin");
    if (origin != null && !EventDraft.isValidName(origin)) {
      throw HubException.badRequest("query parameter 'origin' must be a plugin name, [a-z0-9-]+, got '" + origin + "'");
    }
    String state = param(ctx, "state");
    if (state != null && !Entries.isState(state)) {
      throw HubException.badRequest("query parameter 'state' must be parked or resolved, got '" + state + "'");
    }
    String olderThan = param(ctx, "olderThan");
    String order = param(ctx, "order");
    if (order != null && !order.equals("asc") && !order.equals("desc")) {
      throw HubException.badRequest("query parameter 'order' must be asc or desc, got '" + order + "'");
    }
    String after = param(ctx, "after");
    if (after != null && after.length() > MAX_ID) {
      throw HubException.badRequest("query parameter 'after' must be an entry id");
    }
    return new DeadLetterQueue.Query(origin, state,
        olderThan == null ? null : duration("query parameter 'olderThan'", olderThan), after, limit(ctx),
        "desc".equals(order));
  }

  private static int limit(RoutingContext ctx) {
    String raw = param(ctx, "limit");
    if (raw == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(raw);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw HubException.badRequest("query parameter 'limit' must be 1 to " + MAX_LIMIT + ", got '" + raw + "'");
  }

  private static Duration duration(String what, Object value) {
    Duration d = Durations.parse(value);
    if (d == null || d.compareTo(MAX_AGE) > 0) {
      throw HubException.badRequest(what + " must be a duration such as 90s, 30m, 12h or 7d (at most 36500d), got '"
          + value + "'");
    }
    return d;
  }

  private static String id(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    if (id == null || id.isEmpty() || id.length() > MAX_ID) {
      throw HubException.badRequest("path parameter 'id' must be an entry id");
    }
    return id;
  }

  private static String param(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
