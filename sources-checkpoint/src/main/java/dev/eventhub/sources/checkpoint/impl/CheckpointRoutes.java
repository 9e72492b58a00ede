package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.kit.http.Bodies;
import dev.eventhub.kit.http.Fields;
import dev.eventhub.kit.http.Http;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The REST API under {@code /api/checkpoint}: docs/sources/checkpoint.md describes each route. */
final class CheckpointRoutes {
  static final String PREFIX = "/api/checkpoint";
  // Room for the label and the JSON around the state.
  private static final int BODY_OVERHEAD = 64 * 1024;

  private CheckpointRoutes() {}

  static Router create(Vertx vertx, CheckpointService service, CheckpointOptions options) {
    long bodyLimit = (long) options.maxStateBytes() + BODY_OVERHEAD;
    Router router = Router.router(vertx);
    Http.start(router, bodyLimit);
    String sessions = PREFIX + "/sessions";
    String session = sessions + "/:sessionId";
    String checkpoints = session + "/checkpoints";
    String checkpoint = checkpoints + "/:checkpointId";
    router.get(sessions).handler(Http.answer(200, ctx -> service.sessions(limit(ctx), ctx.request().getParam("after"))));
    router.get(session).handler(Http.answer(200, ctx -> service.session(ctx.pathParam("sessionId"))));
    router.post(checkpoints).handler(Http.answer(201, ctx -> service.create(ctx.pathParam("sessionId"), body(ctx))));
    router.get(checkpoints).handler(Http.answer(200, ctx -> service.list(ctx.pathParam("sessionId"), limit(ctx),
        ctx.request().getParam("after"))));
    router.get(checkpoint).handler(Http.answer(200, ctx -> service.get(ctx.pathParam("sessionId"),
        ctx.pathParam("checkpointId"))));
    router.post(checkpoint + "/restore").handler(Http.answer(200, ctx -> service.restore(ctx.pathParam("sessionId"),
        ctx.pathParam("checkpointId"))));
    router.delete(checkpoint).handler(Http.answer(200, ctx -> service.delete(ctx.pathParam("sessionId"),
        ctx.pathParam("checkpointId"))));
    router.post(session + "/compact").handler(Http.answer(200, ctx -> service.compact(ctx.pathParam("sessionId"),
        body(ctx))));
    Http.finish(router, bodyLimit);
    return router;
  }

  private static int limit(RoutingContext ctx) {
    return Fields.queryInt("limit", ctx.request().getParam("limit"), CheckpointService.DEFAULT_PAGE, 1,
        CheckpointService.MAX_PAGE);
  }

  private static io.vertx.core.json.JsonObject body(RoutingContext ctx) {
    return Bodies.optionalObject(ctx);
  }
}
