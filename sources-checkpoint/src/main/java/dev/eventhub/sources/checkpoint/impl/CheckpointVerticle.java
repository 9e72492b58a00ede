package dev.eventhub.sources.checkpoint.impl;

import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.kit.id.UlidGenerator;
import dev.eventhub.kit.outbox.Outbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The checkpoint plugin's worker: settles what a previous run left unfinished, then serves the REST
 * API. Its routes are removed by the runtime when it stops; it holds nothing else.
 */
public final class CheckpointVerticle extends VerticleBase {
  private final PluginContext plugin;
  private final CheckpointOptions options;

  public CheckpointVerticle(PluginContext plugin) {
    this.plugin = plugin;
    this.options = new CheckpointOptions(plugin.config());
  }

  @Override
  public Future<?> start() {
    UlidGenerator ids = UlidGenerator.create();
    Outbox outbox = Outbox.create(plugin.storage(), plugin.publisher(), ids);
    CheckpointService service = new CheckpointService(plugin.storage(), outbox, ids, options, context);
    return outbox.recover().onSuccess(v -> plugin.mount(CheckpointRoutes.PREFIX, RouteAccess.CATEGORY_SCOPES,
        CheckpointRoutes.create(vertx, service, options)));
  }
}
