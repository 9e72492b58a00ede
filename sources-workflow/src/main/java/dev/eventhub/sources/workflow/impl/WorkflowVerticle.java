package dev.eventhub.sources.workflow.impl;

import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.kit.id.UlidGenerator;
import dev.eventhub.kit.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The workflow plugin's worker: settles what a previous run left unfinished, then listens on the
 * event bus and serves the REST API. The consumer goes with the verticle's undeployment, the routes
 * are removed by the runtime.
 */
public final class WorkflowVerticle extends VerticleBase {
  private final PluginContext plugin;
  private final WorkflowOptions options;

  public WorkflowVerticle(PluginContext plugin) {
    this.plugin = plugin;
    this.options = new WorkflowOptions(plugin.config());
  }

  @Override
  public Future<?> start() {
    UlidGenerator ids = UlidGenerator.create();
    Outbox outbox = Outbox.create(plugin.storage(), plugin.publisher(), ids);
    WorkflowService service = new WorkflowService(plugin.storage(), outbox, ids, options, context);
    return outbox.recover()
        .compose(v -> WorkflowBus.listen(vertx, options.address(), service))
        .onSuccess(v -> plugin.mount(WorkflowRoutes.PREFIX, RouteAccess.CATEGORY_SCOPES,
            WorkflowRoutes.create(vertx, service, options)));
  }
}
