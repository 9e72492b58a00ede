package dev.eventhub.runtime.http;

import dev.eventhub.api.HubException;
import dev.eventhub.runtime.plugin.PluginInfo;
import dev.eventhub.runtime.plugin.PluginManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/connections} and {@code DELETE /api/connections/{id}}: the hub asks each plugin on the
 * local event bus at {@code hub.admin.connections.<plugin name>} (the streaming sinks answer there, through
 * hub-plugin-kit's {@code ConnectionsBus}); a plugin without a consumer there has no connections. The hub
 * knows no sink, and each sink works without the others.
 */
final class ConnectionRoutes {
  /** The address prefix of hub-plugin-kit's {@code ConnectionsBus.ADDRESS_PREFIX}. */
  static final String ADDRESS_PREFIX = "hub.admin.connections.";
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionRoutes.class);
  private static final DeliveryOptions ASK = new DeliveryOptions().setSendTimeout(5_000);

  private final Vertx vertx;
  private final Supplier<PluginManager> plugins;

  ConnectionRoutes(Vertx vertx, Supplier<PluginManager> plugins) {
    this.vertx = vertx;
    this.plugins = plugins;
  }

  void list(RoutingContext ctx) {
    List<Future<JsonArray>> answers = new ArrayList<>();
    for (PluginInfo plugin : plugins.get().plugins()) {
      answers.add(ask(plugin.name(), new JsonObject().put("op", "list"))
          .map(body -> body == null ? new JsonArray() : body.getJsonArray("connections", new JsonArray())));
    }
    Future.join(answers).onComplete(ar -> {
      JsonArray all = new JsonArray();
      answers.forEach(f -> {
        if (f.succeeded()) {
          all.addAll(f.result());
        }
      });
      json(ctx, 200, new JsonObject().put("connections", all));
    });
  }

  void close(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (PluginInfo plugin : plugins.get().plugins()) {
      answers.add(ask(plugin.name(), new JsonObject().put("op", "close").put("id", id)));
    }
    Future.join(answers).onComplete(ar -> {
      boolean closed = answers.stream().anyMatch(f -> f.succeeded() && f.result() != null
          && f.result().getBoolean("closed", false));
      if (closed) {
        ctx.response().setStatusCode(204).end();
      } else {
        Errors.respond(ctx, HubException.notFound("no open connection '" + abbreviate(id) + "'"));
      }
    });
  }

  // A plugin without a consumer at its address has no connections: an empty answer, not a failure.
  private Future<JsonObject> ask(String plugin, JsonObject request) {
    return vertx.eventBus().<JsonObject>request(ADDRESS_PREFIX + plugin, request, ASK)
        .map(m -> m.body())
        .recover(e -> {
          if (!(e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS)) {
            LOG.warn("plugin {} did not answer for its connections: {}", plugin, e.getMessage());
          }
          return Future.succeededFuture(null);
        });
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }
}
