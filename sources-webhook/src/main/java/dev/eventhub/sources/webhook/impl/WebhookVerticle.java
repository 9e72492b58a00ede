package dev.eventhub.sources.webhook.impl;

import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.sources.webhook.WebhookPlugin;
import dev.eventhub.kit.http.OutboundClient;
import dev.eventhub.kit.http.OutboundGuard;
import dev.eventhub.kit.http.TargetBreakers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin's worker: loads endpoints and subscriptions, serves the inbound and admin routes,
 * delivers events, and prunes remembered webhook ids.
 */
public final class WebhookVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookVerticle.class);

  private final PluginContext plugin;
  private final WebhookSettings settings;
  private OutboundClient client;
  private TargetBreakers breakers;
  private Outbound outbound;
  private long pruneTimer = -1;

  public WebhookVerticle(PluginContext plugin, WebhookSettings settings) {
    this.plugin = plugin;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Events events = new Events(plugin.publisher());
    OutboundGuard guard = new OutboundGuard(vertx, plugin.outbound());
    client = Sender.client(vertx, guard, settings);
    breakers = new TargetBreakers(vertx, context, "webhook", settings.breakerMaxFailures(),
        settings.breakerResetTimeout(), (target, state, before, failures) -> events.publish(Events.RECOVERY,
            "circuit-breaker-state-changed", target, new JsonObject().put("source", WebhookPlugin.NAME)
                .put("target", target).put("state", state).put("previousState", before).put("failures", failures)));
    outbound = new Outbound(vertx, context, plugin, events, new Sender(client, breakers, settings), breakers, settings,
        guard);
    ReplayGuard replays = new ReplayGuard(plugin.storage());
    Endpoints endpoints = new Endpoints(context, plugin.storage(), events, replays, settings);
    return endpoints.load().compose(v -> outbound.start()).map(v -> {
      plugin.mount(InboundApi.PREFIX, RouteAccess.PUBLIC,
          new InboundApi(vertx, endpoints, replays, events, settings, plugin.outbound().hopId()).router());
      plugin.mount(AdminApi.PREFIX, RouteAccess.CATEGORY_SCOPES,
          new AdminApi(vertx, endpoints, outbound, plugin.authenticator()).router());
      long every = Math.max(1000, Math.min(settings.tolerance().toMillis(), 60_000));
      pruneTimer = vertx.setPeriodic(every, id -> replays.prune(System.currentTimeMillis())
          .onFailure(e -> LOG.warn("pruning remembered webhook ids failed: " + e)));
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    if (pruneTimer >= 0) {
      vertx.cancelTimer(pruneTimer);
    }
    Future<Void> stopped = outbound == null ? Future.succeededFuture() : outbound.stop();
    return stopped.andThen(ar -> {
      if (breakers != null) {
        breakers.close();
      }
      if (client != null) {
        client.close();
      }
    });
  }
}
