package dev.eventhub.sources.workflow.impl;

import dev.eventhub.kit.http.Bodies;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The REST API under {@code /api/workflow}: docs/sources/workflow.md describes each route. Each
 * route turns the request into the same command the event bus takes (body fields, plus {@code
 * action}, {@code job_id} and {@code step} from the path) and hands it to {@link WorkflowService}.
 */
final class WorkflowRoutes {
  static final String PREFIX = "/api/workflow";
  private static final long BODY_LIMIT = 1 << 20;

  private WorkflowRoutes() {}

  static Router create(Vertx vertx, WorkflowService service, WorkflowOptions options) {
    Router router = Router.router(vertx);
    Http.start(router, BODY_LIMIT);
    String jobs = PREFIX + "/jobs";
    String job = jobs + "/:jobId";
    String step = job + "/steps/:step";
    router.post(jobs).handler(Http.answer(201, ctx -> service.handle(body(ctx).put("action", "start-job"))));
    router.get(jobs).handler(Http.answer(200, ctx -> service.jobs(Fields.queryInt("limit",
        ctx.request().getParam("limit"), Math.min(WorkflowService.DEFAULT_PAGE, options.recentJobsLimit()), 1,
        options.recentJobsLimit()), ctx.request().getParam("after"))));
    router.get(job).handler(Http.answer(200, ctx -> service.handle(command(ctx, "get-job"))));
    router.post(step + "/start").handler(Http.answer(200, ctx -> service.handle(command(ctx, "start-step"))));
    router.post(step + "/complete").handler(Http.answer(200, ctx -> service.handle(command(ctx, "complete-step"))));
    router.post(step + "/fail").handler(Http.answer(200, ctx -> service.handle(command(ctx, "fail-step"))));
    router.post(job + "/complete").handler(Http.answer(200, ctx -> service.handle(command(ctx, "complete-job"))));
    router.post(job + "/fail").handler(Http.answer(200, ctx -> service.handle(command(ctx, "fail-job"))));
    Http.finish(router, BODY_LIMIT);
    return router;
  }

  private static JsonObject command(RoutingContext ctx, String action) {
    JsonObject command = body(ctx).put("action", action).put("job_id", ctx.pathParam("jobId"));
    String step = ctx.pathParam("step");
    return step == null ? command : command.put("step", step);
  }

  private static JsonObject body(RoutingContext ctx) {
    return Bodies.optionalObject(ctx);
  }
}
