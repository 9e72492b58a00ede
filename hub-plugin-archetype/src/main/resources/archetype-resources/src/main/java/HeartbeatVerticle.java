package ${package};

import dev.eventhub.api.EventDraft;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.time.Duration;

/** The worker: publishes a beat on a timer, keeps its count in the hub's storage, answers it on a route. */
final class HeartbeatVerticle extends VerticleBase {
  private final PluginContext plugin;
  private final Duration interval;
  private volatile long count; // written on this verticle's context, read by the route on the server's

  HeartbeatVerticle(PluginContext plugin, Duration interval) {
    this.plugin = plugin;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    // Routes under /api/heartbeat: the hub checks subscribe:heartbeat for GET, publish:heartbeat otherwise.
    Router router = Router.router(vertx);
    router.get("/api/heartbeat/count").handler(ctx -> ctx.json(new JsonObject().put("count", count)));
    plugin.mount("/api/heartbeat", RouteAccess.CATEGORY_SCOPES, router);

    // Durable state: the hub's storage, private to this plugin (no files of your own).
    return plugin.storage().get("state", "count")
        .onSuccess(doc -> count = doc == null ? 0 : doc.value().getLong("count"))
        .onSuccess(doc -> vertx.setPeriodic(interval.toMillis(), id -> beat()));
  }

  private void beat() {
    count++;
    // Completes once the event is durable in the log; then it is delivered to subscribers.
    plugin.publisher().publish(EventDraft.of(HeartbeatPlugin.NAME, "beat", null, new JsonObject().put("count", count)))
        .compose(event -> plugin.storage().put("state", "count", new JsonObject().put("count", count)));
  }
}
