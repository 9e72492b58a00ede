package dev.eventhub.sources.scheduler.impl;

import dev.eventhub.api.HubException;
import dev.eventhub.api.spi.PluginContext;
import dev.eventhub.api.spi.RouteAccess;
import dev.eventhub.kit.http.OutboundClient;
import dev.eventhub.kit.http.OutboundGuard;
import dev.eventhub.kit.http.TargetBreakers;
import dev.eventhub.sources.scheduler.SchedulerPlugin;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;

/**
 * The plugin's worker: loads the schedules (firing or skipping what was missed), serves the API, and
 * re-runs HTTP actions that the dead-letter queue sends back.
 */
public final class SchedulerVerticle extends VerticleBase {
  private final PluginContext plugin;
  private final SchedulerSettings settings;
  private OutboundClient client;
  private Scheduler scheduler;
  private MessageConsumer<Object> retries;
  private TargetBreakers breakers;

  public SchedulerVerticle(PluginContext plugin, SchedulerSettings settings) {
    this.plugin = plugin;
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Clock clock = Clock.systemUTC();
    OutboundGuard guard = new OutboundGuard(vertx, plugin.outbound());
    // Up to 32 connections per endpoint: many schedules often call one service. Connect and idle
    // timeouts are the longest an action may give; each attempt's own timeout is its deadline.
    Duration longest = Duration.ofMinutes(10);
    client = new OutboundClient(vertx, guard, new OutboundClient.Options("eventhub-scheduler", longest, longest, 32,
        settings.maxSchedules()));
    RecoveryEvents recovery = new RecoveryEvents(plugin.publisher(), clock);
    breakers = new TargetBreakers(vertx, context, "scheduler", settings.breakerMaxFailures(),
        settings.breakerResetTimeout(), (target, state, before, failures) -> recovery.publish(
            "circuit-breaker-state-changed", target, null, new JsonObject().put("target", target).put("state", state)
                .put("previousState", before).put("failures", failures)));
    ActionRunner runner = new ActionRunner(vertx, plugin.publisher(), client, settings, clock, breakers, recovery);
    Executions executions = new Executions(plugin.storage(), plugin.publisher(), runner, settings, clock);
    scheduler = new Scheduler(vertx, context, plugin.storage(), executions, settings, clock, guard);
    // Resubmissions and the API wait until every schedule is loaded.
    return scheduler.start().compose(v -> {
      retries = vertx.eventBus().consumer(SchedulerPlugin.RETRY_ADDRESS, this::resubmitted);
      return retries.completion();
    }).onSuccess(v -> plugin.mount(SchedulerApi.PREFIX, RouteAccess.CATEGORY_SCOPES,
        new SchedulerApi(vertx, scheduler, plugin.authenticator()).router()));
  }

  private void resubmitted(Message<Object> message) {
    scheduler.resubmitted(message.body()).onComplete(ar -> {
      if (ar.failed()) {
        int code = ar.cause() instanceof HubException e ? e.code().httpStatus() : 500;
        message.fail(code, ar.cause().getMessage());
      } else if (ar.result().success()) {
        message.reply(new JsonObject().put("status", ar.result().status()));
      } else {
        message.fail(502, ar.result().error());
      }
    });
  }

  @Override
  public Future<?> stop() {
    if (scheduler != null) {
      scheduler.stop();
    }
    if (breakers != null) {
      breakers.close();
    }
    if (client != null) {
      client.close();
    }
    return retries == null ? Future.succeededFuture() : retries.unregister();
  }
}
