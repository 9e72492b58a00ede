package dev.eventhub.sources.dlq.impl;

import dev.eventhub.kit.metrics.PluginMeters;
import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.sources.dlq.DlqPlugin;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The plugin's worker: loads the queue, then takes parks from the event bus and requests over HTTP. */
public final class DlqVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(DlqVerticle.class);

  private final PluginContext plugin;
  private final DlqSettings settings;
  private MessageConsumer<Object> consumer;

  public DlqVerticle(PluginContext plugin, DlqSettings settings) {
    this.plugin = plugin;
    this.settings = settings;
  }

  private PluginMeters meters;

  @Override
  public Future<?> start() {
    DeadLetterQueue queue = new DeadLetterQueue(vertx, context, plugin.storage(), plugin.publisher(), settings,
        Clock.systemUTC());
    return queue.load().compose(v -> {
      consumer = vertx.eventBus().consumer(DlqPlugin.PARK_ADDRESS, message -> park(queue, message));
      plugin.mount(DlqApi.PREFIX, RouteAccess.CATEGORY_SCOPES,
          new DlqApi(vertx, queue, settings, plugin.authenticator()).router());
      // Served to agents by the MCP sink when it runs (issue 21); nothing here depends on it.
      new DlqTools(queue).registerWith(plugin.agentTools());
      meters = PluginMeters.register("dlq", queue::depth, "parked", "resolved");
      return consumer.completion();
    }).onSuccess(v -> queue.counts(null).onSuccess(c -> LOG.info("dead-letter queue ready: " + c.getInteger("parked")
        + " parked, " + c.getInteger("resolved") + " resolved entries; parks accepted at " + DlqPlugin.PARK_ADDRESS)));
  }

  private static void park(DeadLetterQueue queue, Message<Object> message) {
    queue.park(message.body(), null).onComplete(ar -> {
      if (ar.succeeded()) {
        message.reply(new JsonObject().put("id", ar.result().getString("id")));
      } else if (ar.cause() instanceof HubException e) {
        message.fail(e.code().httpStatus(), e.code().code() + ": " + e.getMessage());
      } else {
        message.fail(500, "internal: " + ar.cause());
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (meters != null) {
      meters.close();
    }
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
