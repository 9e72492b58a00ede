package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.Authenticator;
import dev.eventhub.api.HubException;
import dev.eventhub.api.HubPrincipal;
import io.vertx.core.Future;
import dev.eventhub.kit.http.Bodies;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The routes under {@code /api/scheduler}; see docs/sources/scheduler.md. */
public final class SchedulerApi {
  public static final String PREFIX = "/api/scheduler";
  private static final String ONE = PREFIX + "/schedules/:name";
  static final long MAX_BODY = 256 * 1024;

  private final Scheduler scheduler;
  private final Router router;

  private final Authenticator authenticator;

  public SchedulerApi(Vertx vertx, Scheduler scheduler, Authenticator authenticator) {
    this.scheduler = scheduler;
    this.authenticator = authenticator;
    this.router = Router.router(vertx);
    Http.start(router, MAX_BODY);
    router.post(PREFIX + "/schedules").handler(ctx -> Http.answer(ctx, 201, c -> {
      Object body = Bodies.json(c);
      return caller(c).compose(p -> scheduler.create(body, p));
    }, s -> s));
    router.get(PREFIX + "/schedules").handler(this::list);
    router.get(ONE).handler(ctx -> Http.answer(ctx, 200,
        c -> scheduler.get(name(c), count(c, "next", 5, 100)), s -> s));
    router.put(ONE).handler(ctx -> Http.answer(ctx, 200, c -> {
      String name = name(c);
      Object body = Bodies.json(c);
      return caller(c).compose(p -> scheduler.update(name, body, p));
    }, s -> s));
    router.delete(ONE).handler(ctx -> Http.answer(ctx, 200, c -> scheduler.delete(name(c)),
        v -> new JsonObject().put("deleted", ctx.pathParam("name"))));
    router.post(ONE + "/pause").handler(ctx -> Http.answer(ctx, 200, c -> scheduler.pause(name(c)), s -> s));
    router.post(ONE + "/resume").handler(ctx -> Http.answer(ctx, 200, c -> scheduler.resume(name(c)), s -> s));
    router.post(ONE + "/run").handler(ctx -> Http.answer(ctx, 202, c -> scheduler.runNow(name(c)), x -> x));
    router.get(ONE + "/executions").handler(ctx -> Http.answer(ctx, 200,
        c -> scheduler.executions(name(c), count(c, "limit", 20, 1000)),
        list -> new JsonObject().put("executions", new JsonArray(list))));
    router.get(PREFIX + "/stats").handler(ctx -> Http.answer(ctx, 200, c -> scheduler.stats(), s -> s));
    Http.finish(router, MAX_BODY);
  }

  /** The handler to mount at {@link #PREFIX}. */
  public Router router() {
    return router;
  }

  private void list(RoutingContext ctx) {
    Http.answer(ctx, 200, c -> {
      String state = param(c, "state");
      if (state != null && !Schedule.ACTIVE.equals(state) && !Schedule.PAUSED.equals(state)) {
        throw HubException.badRequest("query parameter 'state' must be active or paused, got '" + state + "'");
      }
      String after = param(c, "after");
      if (after != null) {
        Schedule.checkName(after, "query parameter 'after'");
      }
      return scheduler.list(state, after, count(c, "limit", 100, 1000));
    }, page -> new JsonObject().put("schedules", new JsonArray(page.schedules())).put("next", page.next())
        .put("more", page.more()));
  }

  // The runtime checked publish:scheduler; what the schedule's action does needs the caller's other scopes.
  private Future<HubPrincipal> caller(RoutingContext ctx) {
    return authenticator.authenticate(ctx.request());
  }

  private static String name(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    Schedule.checkName(name, "path parameter 'name'");
    return name;
  }

  private static int count(RoutingContext ctx, String param, int fallback, int max) {
    String raw = param(ctx, param);
    if (raw == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n >= 1 && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw HubException.badRequest("query parameter '" + param + "' must be 1 to " + max + ", got '" + raw + "'");
  }

  private static String param(RoutingContext ctx, String name) {
    String value = ctx.request().getParam(name);
    return value == null || value.isEmpty() ? null : value;
  }
}
